import { compileRegex, type AnchoredRegex } from '../../../shared/regex';
import type { Labels } from './families';

/** One label matcher of a series selector (`name op "value"`). */
interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  /** RE2, as the Prometheus it plays compiles it. */
  regex: AnchoredRegex | null;
}

/** A series selector such as `up`, `{job=~".+"}` or `kube_node_info{node="a"}`: all matchers must hold. */
export type Selector = Matcher[];

export type ParseResult = { ok: true; selectors: Selector[] } | { ok: false; message: string };

const OPS = ['=~', '!~', '!=', '='] as const;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/;

function parseOne(text: string): Selector | string {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?\s*$/s.exec(text);
  if (!m || (!m[1] && m[2] === undefined)) return `parse error: invalid series selector ${JSON.stringify(text)}`;
  const matchers: Matcher[] = [];
  if (m[1]) matchers.push({ name: '__name__', op: '=', value: m[1], regex: null });
  let rest = m[2] ?? '';
  while (rest.trim()) {
    const mm = MATCHER.exec(rest);
    if (!mm) return `parse error: unexpected ${JSON.stringify(rest.trim())} in series selector`;
    const op = OPS.find((o) => o === mm[2]);
    if (!op) return `parse error: unexpected operator in ${JSON.stringify(rest.trim())}`;
    const value = mm[3]!.replace(/\\(.)/g, '$1');
    let regex: AnchoredRegex | null = null;
    if (op === '=~' || op === '!~') {
      const compiled = compileRegex(value, { dotAll: true });
      if (!compiled.ok) return `parse error: invalid regular expression ${JSON.stringify(value)}: ${compiled.reason}`;
      regex = compiled.regex;
    }
    matchers.push({ name: mm[1]!, op, value, regex });
    rest = rest.slice(mm[0].length);
  }
  // Prometheus refuses selectors that match the empty label set.
  const matchesEmpty = matchers.every((x) => (x.regex ? x.regex.test('') === (x.op === '=~') : (x.value === '') === (x.op === '=')));
  if (matchesEmpty) return 'vector selector must contain at least one non-empty matcher';
  return matchers;
}

/** Parses /federate's `match[]` parameters (PromQL series selectors). */
export function parseSelectors(texts: readonly string[]): ParseResult {
  const selectors: Selector[] = [];
  for (const text of texts) {
    const parsed = parseOne(text);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    selectors.push(parsed);
  }
  return { ok: true, selectors };
}

/** True when any selector matches the series (/federate unions its match[] sets). */
export function selectorsMatch(selectors: readonly Selector[], name: string, labels: Labels): boolean {
  return selectors.some((selector) =>
    selector.every((m) => {
      const value = m.name === '__name__' ? name : (labels[m.name] ?? '');
      if (m.op === '=') return value === m.value;
      if (m.op === '!=') return value !== m.value;
      return m.regex!.test(value) === (m.op === '=~');
    }),
  );
}
