import type { LabelSet } from './types';

/**
 * A label matcher as Alertmanager writes it: `name="value"`, `name!="value"`,
 * `name=~"regex"`, `name!~"regex"`. Regexes are anchored, as in Alertmanager.
 * The JSON form (`isRegex`, `isEqual`) is the one of Alertmanager's API v2 silences.
 */
export interface Matcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual: boolean;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))\s*$/;

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

/** A sentence when the matcher's regex does not compile; null when fine. */
export function checkMatcher(matcher: Matcher): string | null {
  if (!matcher.isRegex) return null;
  try {
    new RegExp(`^(?:${matcher.value})$`);
    return null;
  } catch (error) {
    return `${matcher.name}: not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export function formatMatcher(m: Matcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}

/** True when the label set satisfies the matcher; an absent label is the empty string, as in Prometheus. */
export function matches(matcher: Matcher, labels: LabelSet): boolean {
  const value = labels[matcher.name] ?? '';
  const hit = matcher.isRegex ? new RegExp(`^(?:${matcher.value})$`).test(value) : value === matcher.value;
  return hit === matcher.isEqual;
}

export function matchesAll(matchers: readonly Matcher[], labels: LabelSet): boolean {
  return matchers.every((m) => matches(m, labels));
}
