/**
 * Where a PromQL expression selects series: its label-matcher lists (the
 * `{…}` of `up{job="x"}`, the only place braces appear in PromQL) with each
 * matcher's place in the text, and how many selectors have no list at all
 * (a bare `up`). Enough to rewrite one matcher and leave every other byte
 * of the query as the user wrote it; not a PromQL parser (the cluster's own
 * Prometheus still parses and refuses). Pure.
 * https://prometheus.io/docs/prometheus/latest/querying/basics/
 */
import type { MatchOp } from '../../sources/federate/selector';

/** One `label op "value"` inside a list: `start`/`end` bound its text in the query. */
export interface MatcherText {
  readonly label: string;
  readonly op: MatchOp;
  /** The value with its escapes resolved. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** One item of a list: a matcher, or a quoted metric name (`{"up", job="x"}`). */
export interface ListItem {
  readonly start: number;
  readonly end: number;
  readonly matcher: MatcherText | null;
}

/** One `{…}`: `start` at its `{`, `end` just past its `}`. */
export interface MatcherList {
  readonly start: number;
  readonly end: number;
  /** A metric name precedes the list or is an item of it. */
  readonly named: boolean;
  readonly items: readonly ListItem[];
}

/** One label-name list of a grouping (`by (…)`, `without`, `on`, `ignoring`, `group_left`, `group_right`): `start` at its `(`, `end` past its `)`. */
export interface LabelNameList {
  readonly keyword: string;
  readonly start: number;
  readonly end: number;
  readonly names: ReadonlyArray<{ readonly name: string; readonly start: number; readonly end: number }>;
}

export interface QuerySelectors {
  readonly lists: readonly MatcherList[];
  readonly groupings: readonly LabelNameList[];
  /** Selectors written as a bare metric name, with no list. */
  readonly bare: number;
}

/** Words that are never a metric selector: operators, modifiers, aggregations, number words. */
const KEYWORDS = new Set(
  (
    'and or unless by without on ignoring group_left group_right offset bool atan2 inf nan ' +
    'sum avg count min max group stddev stdvar topk bottomk count_values quantile limitk limit_ratio'
  ).split(' '),
);
/** Words whose parenthesised list holds label names, not expressions. */
const GROUPINGS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

const IDENT = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)[a-zA-Z0-9_]*/y;
const OP = /=~|!~|!=|=/y;
const BLANK = /\s*/y;

function sticky(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? null;
}
const skipBlank = (text: string, at: number): number => at + (sticky(BLANK, text, at) ?? '').length;

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** The quoted string at `at` (`"…"`, `'…'` or raw `` `…` ``) as Go reads it: its value and where it ends, or null. */
export function readString(text: string, at: number): { value: string; end: number } | null {
  const quote = text[at];
  if (quote !== '"' && quote !== "'" && quote !== '`') return null;
  let value = '';
  let p = at + 1;
  for (;;) {
    const c = text[p];
    if (c === undefined || (c === '\n' && quote !== '`')) return null;
    p++;
    if (c === quote) return { value, end: p };
    if (c !== '\\' || quote === '`') {
      value += c;
      continue;
    }
    const e = text[p++];
    if (e === undefined) return null;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      continue;
    }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const digits = hex ? text.slice(p, p + hex) : text.slice(p - 1, p + 2);
    if (!(hex ? new RegExp(`^[0-9a-fA-F]{${hex}}$`) : /^[0-7]{3}$/).test(digits)) return null;
    const code = parseInt(digits, hex ? 16 : 8);
    if (code > 0x10ffff) return null;
    value += String.fromCodePoint(code);
    p += hex || 2;
  }
}

/** A label name at `at`, bare or quoted (`"k8s.cluster"`, Prometheus 3's UTF-8 names), and where it ends; or null. */
function readName(text: string, at: number): { name: string; end: number } | null {
  const bare = sticky(LABEL, text, at);
  if (bare !== null) return { name: bare, end: at + bare.length };
  const quoted = readString(text, at);
  return quoted ? { name: quoted.value, end: quoted.end } : null;
}

/** The list whose `{` is at `at`, or null when it is not one this reader understands. */
function readList(text: string, at: number, named: boolean): MatcherList | null {
  const items: ListItem[] = [];
  let p = at + 1;
  let nameInside = false;
  for (;;) {
    p = skipBlank(text, p);
    if (text[p] === '}') return { start: at, end: p + 1, named: named || nameInside, items };
    const start = p;
    const term = readName(text, p);
    if (!term) return null;
    const label = term.name;
    p = term.end;
    const afterTerm = p;
    p = skipBlank(text, p);
    const op = sticky(OP, text, p);
    if (op === '=' || op === '!=' || op === '=~' || op === '!~') {
      p = skipBlank(text, p + op.length);
      const value = readString(text, p);
      if (!value) return null;
      p = value.end;
      items.push({ start, end: p, matcher: { label, op, value: value.value, start, end: p } });
    } else {
      // A term with no operator is a quoted metric name.
      if (text[start] !== '"' && text[start] !== "'" && text[start] !== '`') return null;
      nameInside = true;
      items.push({ start, end: afterTerm, matcher: null });
    }
    p = skipBlank(text, p);
    if (text[p] === ',') p++;
    else if (text[p] !== '}') return null;
  }
}

/** The label-name list whose `(` is at `at`, or null when it is not one. */
function readNames(text: string, at: number, keyword: string): LabelNameList | null {
  const names: Array<{ name: string; start: number; end: number }> = [];
  let p = at + 1;
  for (;;) {
    p = skipBlank(text, p);
    if (text[p] === ')') return { keyword, start: at, end: p + 1, names };
    const start = p;
    const term = readName(text, p);
    if (!term) return null;
    p = term.end;
    names.push({ name: term.name, start, end: p });
    p = skipBlank(text, p);
    if (text[p] === ',') p++;
    else if (text[p] !== ')') return null;
  }
}

/** The selectors of `query`, or null when its text is not one this reader follows (the query is then sent as it is). */
export function findSelectors(query: string): QuerySelectors | null {
  const lists: MatcherList[] = [];
  const groupings: LabelNameList[] = [];
  let bare = 0;
  let p = 0;
  while (p < query.length) {
    const c = query[p]!;
    if (/\s/.test(c)) {
      p++;
      continue;
    }
    if (c === '#') {
      const newline = query.indexOf('\n', p);
      p = newline < 0 ? query.length : newline + 1;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const string = readString(query, p);
      if (!string) return null;
      p = string.end;
      continue;
    }
    if (c === '[') {
      // A range or subquery: durations and a colon, no selector.
      const close = query.indexOf(']', p);
      if (close < 0) return null;
      p = close + 1;
      continue;
    }
    if (c === '{') {
      const list = readList(query, p, false);
      if (!list) return null;
      lists.push(list);
      p = list.end;
      continue;
    }
    const number = /[0-9.]/.test(c) ? sticky(NUMBER, query, p) : null;
    if (number) {
      p += number.length;
      continue;
    }
    const word = sticky(IDENT, query, p);
    if (word) {
      p += word.length;
      const at = skipBlank(query, p);
      const lower = word.toLowerCase();
      if (query[at] === '{') {
        const list = readList(query, at, true);
        if (!list) return null;
        lists.push(list);
        p = list.end;
      } else if (query[at] === '(' && GROUPINGS.has(lower)) {
        const names = readNames(query, at, lower);
        if (!names) return null;
        groupings.push(names);
        p = names.end;
      } else if (query[at] !== '(' && !KEYWORDS.has(lower)) bare++;
      continue;
    }
    p++;
  }
  return { lists, groupings, bare };
}
