/**
 * The shapes of pattern most label matchers are written in (`prod|staging`,
 * `api-.*`, `.+`, `.*-canary`), answered with string comparisons instead of
 * a regex engine: the same reduction Prometheus' FastRegexMatcher makes
 * (model/labels/regexp.go). RE2's engine in JavaScript costs about a
 * microsecond per value, these a few nanoseconds (docs/performance.md,
 * "Label matchers"). Pure; the engine stays the reference: a shape is
 * recognised only when its answer is the engine's for every value, and a value
 * a shape cannot be sure of (a newline under a `.` that does not match one, a
 * non-ASCII value under `(?i)`) is left to the engine.
 */

/** What a shape answers for one value: a match, no match, or "ask the engine". */
export type ShapeAnswer = boolean | null;

/** A recognised pattern's test; null when the value is one the engine must decide. */
export type ShapeTest = (value: string) => ShapeAnswer;

/** The characters that mean something outside a character class in RE2's syntax. */
const META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);
/** Escapes that stand for the character itself (RE2 takes `\` before any punctuation as a literal). */
const ESCAPABLE = new Set([...META, '-', '/', '#', '&', '~', '=', '!', ':', ',', '<', '>', '"', "'", '@', '%', ';', '`', ' ']);

/**
 * A literal run of `pattern` from `at`: its text and where it stops (at the
 * first meta character); null when it holds something a shape cannot read
 * (an escape class such as `\d`, a surrogate, whose code point RE2 reads
 * differently from a UTF-16 unit).
 */
function literalAt(pattern: string, at: number): { text: string; end: number } | null {
  let text = '';
  let i = at;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return null;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || !ESCAPABLE.has(next)) return null;
      text += next;
      i += 2;
      continue;
    }
    if (META.has(c)) break;
    text += c;
    i++;
  }
  return { text, end: i };
}

/** `a|b|c` of plain literals (one literal: `a`); null when any part is more than a literal. */
function literalAlternation(pattern: string): string[] | null {
  const values: string[] = [];
  let at = 0;
  for (;;) {
    const literal = literalAt(pattern, at);
    if (!literal) return null;
    values.push(literal.text);
    if (literal.end === pattern.length) return values;
    if (pattern[literal.end] !== '|') return null;
    at = literal.end + 1;
  }
}

/** `.*` or `.+` at `at`: the least number of characters it takes; null when something else is there. */
function dots(pattern: string, at: number): number | null {
  if (pattern[at] !== '.') return null;
  if (pattern[at + 1] === '*') return 0;
  if (pattern[at + 1] === '+') return 1;
  return null;
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * `[.*|.+] literal [.*|.+]`: a literal with any text (or any non-empty text)
 * before and after it; `.*` and `.+` alone are the empty literal.
 */
function dotsAroundLiteral(pattern: string, dotAll: boolean): ShapeTest | null {
  const head = dots(pattern, 0);
  const literal = literalAt(pattern, head === null ? 0 : 2);
  if (!literal) return null;
  const rest = pattern.length - literal.end;
  const tail = rest === 2 ? dots(pattern, literal.end) : null;
  if (rest !== 0 && tail === null) return null;
  if (head === null && tail === null) return null;
  const text = literal.text;
  const before = head ?? 0;
  const after = tail ?? 0;
  return (value) => {
    // `.` stops at a newline unless dotAll: such a value is the engine's to judge.
    if (!dotAll && value.includes('\n')) return null;
    if (value.length < before + text.length + after) return false;
    if (head === null) return value.startsWith(text);
    if (tail === null) return value.endsWith(text);
    const found = value.indexOf(text, before);
    return found !== -1 && found + text.length <= value.length - after;
  };
}

/**
 * The string test of `pattern` (fully anchored) when it has one of the
 * shapes above; null when only the engine can run it. `dotAll`: whether `.`
 * matches a newline (Prometheus' selectors: yes; Alertmanager's matchers: no).
 */
export function shapeOf(pattern: string, dotAll: boolean): ShapeTest | null {
  const literals = literalAlternation(pattern);
  if (literals) {
    if (literals.length === 1) {
      const only = literals[0]!;
      return (value) => value === only;
    }
    const set = new Set(literals);
    return (value) => set.has(value);
  }
  if (pattern.startsWith('(?i)')) {
    const folded = literalAlternation(pattern.slice(4));
    // Unicode case folding takes some non-ASCII letters to ASCII ones (the Kelvin sign to k): only ASCII is compared here.
    if (!folded || !folded.every(isAscii)) return null;
    const set = new Set(folded.map((s) => s.toLowerCase()));
    return (value) => (isAscii(value) ? set.has(value.toLowerCase()) : null);
  }
  return dotsAroundLiteral(pattern, dotAll);
}
