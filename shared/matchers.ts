/**
 * Alertmanager's label matchers, parsed and applied. Pure (no I/O): the
 * config's routing tree, the silences and the Alerts page's silence form all
 * read the same grammar through this module.
 */
import type { LabelSet } from './labels';
import { compileRegex, type RegexResult } from './regex';

/**
 * A label matcher as Alertmanager writes it: `name="value"`, `name!="value"`,
 * `name=~"regex"`, `name!~"regex"`. Regexes are RE2's and fully anchored, as in
 * Alertmanager (see compileMatcherRegex).
 * The JSON form (`isRegex`, `isEqual`) is the one of Alertmanager's API v2 silences.
 */
export interface Matcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual: boolean;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))\s*$/;

/**
 * The one place a matcher's regular expression is compiled: RE2 syntax,
 * anchored at both ends and `.` not matching a newline, as Alertmanager
 * compiles it (`^(?:pattern)$`); linear-time, cached by pattern.
 */
export function compileMatcherRegex(pattern: string): RegexResult {
  return compileRegex(pattern, { dotAll: false });
}

/** Parses one matcher; returns a sentence on failure. */
export function parseMatcher(text: string): { ok: true; matcher: Matcher } | { ok: false; message: string } {
  const m = MATCHER.exec(text);
  if (!m) return { ok: false, message: `not a matcher: ${JSON.stringify(text)} (write name="value", name!="value", name=~"regex" or name!~"regex")` };
  const [, name, op, quoted, bare] = m;
  const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
  const matcher = { name: name!, value, isRegex: op === '=~' || op === '!~', isEqual: op === '=' || op === '=~' };
  const problem = checkMatcher(matcher);
  return problem ? { ok: false, message: problem } : { ok: true, matcher };
}

/** Splits at the commas that are outside double quotes (a quoted value may hold commas and `\"`). */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** `cluster="prod-eu", alertname=~"Node.*"` → matchers; a sentence naming the bad part otherwise. */
export function parseMatchers(text: string): { ok: true; matchers: Matcher[] } | { ok: false; message: string } {
  const parts = splitList(text);
  if (parts.length === 0) return { ok: false, message: 'give at least one matcher, e.g. cluster="prod-eu"' };
  const matchers: Matcher[] = [];
  for (const part of parts) {
    const parsed = parseMatcher(part);
    if (!parsed.ok) return parsed;
    matchers.push(parsed.matcher);
  }
  return { ok: true, matchers };
}

/** A sentence naming the matcher when its regex does not compile; null when fine. */
export function checkMatcher(matcher: Matcher): string | null {
  if (!matcher.isRegex) return null;
  const compiled = compileMatcherRegex(matcher.value);
  return compiled.ok ? null : `${matcher.name}: not a valid regular expression (RE2 syntax): ${compiled.reason}`;
}

/** The text form `parseMatcher` reads back (the value always quoted). */
export function formatMatcher(m: Matcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}

/** The text form `parseMatchers` reads back: matchers joined by ", ". */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return matchers.map(formatMatcher).join(', ');
}

/**
 * True when the label set satisfies the matcher; an absent label is the
 * empty string, as in Prometheus. A regex that does not compile matches no
 * value (checkMatcher tells why; the config and the silence API refuse it).
 */
export function matches(matcher: Matcher, labels: LabelSet): boolean {
  const value = labels[matcher.name] ?? '';
  if (!matcher.isRegex) return (value === matcher.value) === matcher.isEqual;
  const compiled = compileMatcherRegex(matcher.value);
  return compiled.ok && compiled.regex.test(value) === matcher.isEqual;
}

export function matchesAll(matchers: readonly Matcher[], labels: LabelSet): boolean {
  return matchers.every((m) => matches(m, labels));
}
