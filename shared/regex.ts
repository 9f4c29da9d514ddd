/**
 * The one way a regular expression that a user or a cluster supplies is
 * compiled: RE2's syntax and semantics (Go's regexp, which Prometheus and
 * Alertmanager use), fully anchored, matched in time linear in the value's
 * length, so no pattern can hold the process (`(.*.*)*x` included). The
 * engine is re2js, RE2 ported to JavaScript, so the server and the browser
 * accept and refuse the same patterns; the common shapes of pattern are
 * answered by string comparisons first (regex-shapes.ts). Pure.
 */
import { RE2JS } from 're2js';
import { shapeOf } from './regex-shapes';

/**
 * A compiled pattern. `test` is true when the pattern matches the whole
 * value (as `^(?:pattern)$`), never a part of it; it never throws and runs
 * in time linear in the value's length.
 */
export interface AnchoredRegex {
  /** The pattern as written. */
  readonly source: string;
  test(value: string): boolean;
}

export interface RegexOptions {
  /**
   * Whether `.` matches a newline: true for Prometheus' series selectors
   * (`^(?s:…)$`), false for Alertmanager's matchers (`^(?:…)$`).
   */
  readonly dotAll: boolean;
}

/** A compiled pattern, or why the pattern is not RE2 (RE2's own words, e.g. "missing closing ): `(`"), for the caller to frame. */
export type RegexResult = { ok: true; regex: AnchoredRegex } | { ok: false; reason: string };

/** Patterns held compiled; a client sending ever new patterns must not grow memory without bound. */
const CACHE_LIMIT = 1000;
const cache = new Map<string, RegexResult>();

/** What RE2 lacks and other engines have: named in the message, since a pattern written for JavaScript or PCRE fails here. */
const NOT_IN_RE2 = /\(\?<?[=!]|\\[1-9]/;

/**
 * `pattern` compiled with RE2's syntax, or why it is not one (RE2's own
 * message, and a hint when the pattern uses lookarounds or backreferences,
 * which RE2 refuses). Compiled once per pattern: results are
 * cached, so callers may compile on every use.
 */
export function compileRegex(pattern: string, options: RegexOptions): RegexResult {
  const key = `${options.dotAll ? 's' : '-'}${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const result = compile(pattern, options);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? key);
  cache.set(key, result);
  return result;
}

function compile(pattern: string, options: RegexOptions): RegexResult {
  let engine: RE2JS;
  try {
    // Compiled alone (a flag, not a wrapping group), so `a)|(b` cannot escape the anchoring.
    engine = RE2JS.compile(pattern, options.dotAll ? RE2JS.DOTALL : 0);
  } catch (error) {
    const text = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
    const hint = NOT_IN_RE2.test(pattern) ? ' (lookarounds and backreferences are not part of RE2 syntax, which Prometheus and Alertmanager use)' : '';
    return { ok: false, reason: `${text}${hint}` };
  }
  const shape = shapeOf(pattern, options.dotAll);
  const test = shape ? (value: string) => shape(value) ?? engine.matches(value) : (value: string) => engine.matches(value);
  return { ok: true, regex: { source: pattern, test } };
}
