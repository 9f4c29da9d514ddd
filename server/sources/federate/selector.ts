/**
 * PromQL series selectors as `/federate?match[]=` takes them:
 * `name{label="v", label!="v", label=~"re", label!~"re"}`.
 * https://prometheus.io/docs/prometheus/latest/querying/basics/#time-series-selectors
 *
 * Regular expressions are RE2's, fully anchored and with `.` matching a
 * newline, as Prometheus compiles them (`^(?s:…)$`), and run in linear time
 * (shared/regex.ts): no selector can hold the process.
 */
import { compileRegex, type AnchoredRegex } from '../../../shared/regex';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
  /** Present for =~ and !~. */
  readonly regex?: AnchoredRegex;
}

export type Selector = readonly Matcher[];

export function matches(matcher: Matcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.regex?.test(value) ?? false;
    case '!~':
      return !(matcher.regex?.test(value) ?? false);
  }
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const BLANK = /\s*/y;
const OP = /=~|!~|!=|=/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '`': '`' };

function sticky(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? m[0] : null;
}

/** Parses one selector; returns the matchers (the metric name as a `__name__` matcher) or a message. */
export function parseSelector(text: string): { ok: true; selector: Selector } | { ok: false; message: string } {
  const matchers: Matcher[] = [];
  let p = (sticky(BLANK, text, 0) ?? '').length;
  const name = sticky(NAME, text, p);
  if (name) {
    matchers.push({ label: '__name__', op: '=', value: name });
    p += name.length;
  }
  p += (sticky(BLANK, text, p) ?? '').length;
  if (text[p] === '{') {
    p++;
    for (;;) {
      p += (sticky(BLANK, text, p) ?? '').length;
      if (text[p] === '}') {
        p++;
        break;
      }
      const label = sticky(LABEL, text, p);
      if (!label) return { ok: false, message: `expected a label name at position ${p}` };
      p += label.length;
      p += (sticky(BLANK, text, p) ?? '').length;
      const op = sticky(OP, text, p);
      if (op !== '=' && op !== '!=' && op !== '=~' && op !== '!~') return { ok: false, message: `expected =, !=, =~ or !~ after "${label}"` };
      p += op.length;
      p += (sticky(BLANK, text, p) ?? '').length;
      const quote = text[p];
      if (quote !== '"' && quote !== "'" && quote !== '`') return { ok: false, message: `expected a quoted string after "${label}${op}"` };
      p++;
      let value = '';
      for (;;) {
        const c = text[p];
        if (c === undefined) return { ok: false, message: 'unterminated string' };
        p++;
        if (c === quote) break;
        if (c === '\\' && quote !== '`') {
          const e = text[p];
          if (e === undefined) return { ok: false, message: 'unterminated string' };
          p++;
          const replaced = ESCAPES[e];
          if (replaced === undefined) return { ok: false, message: `unknown escape \\${e}` };
          value += replaced;
        } else value += c;
      }
      let regex: AnchoredRegex | undefined;
      if (op === '=~' || op === '!~') {
        const compiled = compileRegex(value, { dotAll: true });
        if (!compiled.ok) return { ok: false, message: `${label}${op}${JSON.stringify(value)}: invalid regular expression (RE2 syntax): ${compiled.reason}` };
        regex = compiled.regex;
      }
      matchers.push({ label, op, value, ...(regex ? { regex } : {}) });
      p += (sticky(BLANK, text, p) ?? '').length;
      if (text[p] === ',') p++;
      else if (text[p] !== '}') return { ok: false, message: `expected "," or "}" at position ${p}` };
    }
  }
  p += (sticky(BLANK, text, p) ?? '').length;
  if (p !== text.length) return { ok: false, message: `unexpected text at position ${p}: ${JSON.stringify(text.slice(p, p + 20))}` };
  if (matchers.length === 0) return { ok: false, message: 'empty selector' };
  if (matchers.every((m) => matches(m, ''))) return { ok: false, message: 'a selector needs at least one matcher that does not match the empty string' };
  return { ok: true, selector: matchers };
}
