import { parseSelectors, type Selector } from '../metrics/selector';

/**
 * The part of PromQL the simulated Prometheus evaluates, enough for the demo
 * fleet's dashboards: number and string literals (and arithmetic between
 * numbers, left to right), series selectors, `rate`
 * and `increase` of a range selector, and `sum`, `count`, `min`, `max`,
 * `avg` with `by` or `without`. Anything else is refused with bad_data, so a
 * query the simulator cannot answer never answers something wrong.
 */
export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'selector'; selector: Selector }
  | { kind: 'rate'; fn: 'rate' | 'increase'; selector: Selector; rangeMs: number }
  | { kind: 'aggregate'; op: AggregateOp; grouping: { without: boolean; labels: string[] } | null; expr: Expr };

export type AggregateOp = 'sum' | 'count' | 'min' | 'max' | 'avg';
const AGGREGATES: readonly AggregateOp[] = ['sum', 'count', 'min', 'max', 'avg'];
const aggregateOf = (word: string): AggregateOp | undefined => AGGREGATES.find((a) => a === word);

export type Parsed = { ok: true; expr: Expr } | { ok: false; error: string };

const UNSUPPORTED = 'the simulated Prometheus evaluates only literals, series selectors, rate/increase and sum/count/min/max/avg [by|without]';

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  blank(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  peek(): string {
    this.blank();
    return this.text[this.pos] ?? '';
  }
  word(): string {
    this.blank();
    const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(this.text.slice(this.pos));
    return m ? m[0] : '';
  }
  take(token: string): boolean {
    this.blank();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }
  /** A `{…}` matcher list, quotes respected; '' when none is here. */
  braces(): string {
    if (this.text[this.pos] !== '{') return '';
    const start = this.pos;
    let quote = '';
    for (this.pos++; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos]!;
      if (quote) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '}') return this.text.slice(start, ++this.pos);
    }
    return this.text.slice(start);
  }
}

const DURATION = /^(\d+)(ms|s|m|h|d)/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function selectorAt(r: Reader): Selector | string {
  const name = r.word();
  r.pos += name.length;
  const matchers = r.braces();
  const parsed = parseSelectors([`${name}${matchers}`]);
  return parsed.ok ? parsed.selectors[0]! : parsed.message;
}

function expression(r: Reader): Expr | string {
  const c = r.peek();
  if (c === '"' || c === "'") {
    const m = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/.exec(r.text.slice(r.pos));
    if (!m) return 'parse error: unterminated quoted string';
    r.pos += m[0].length;
    return { kind: 'string', value: m[0].slice(1, -1).replace(/\\(.)/g, '$1') };
  }
  const number = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(r.text.slice(r.pos));
  if (number) {
    r.pos += number[0].length;
    let value = Number(number[0]);
    // Arithmetic between literals: Grafana's connection test asks `1+1`.
    for (let op = /^\s*([-+*/])\s*(\d+(\.\d*)?)/.exec(r.text.slice(r.pos)); op; op = /^\s*([-+*/])\s*(\d+(\.\d*)?)/.exec(r.text.slice(r.pos))) {
      r.pos += op[0].length;
      const right = Number(op[2]);
      value = op[1] === '+' ? value + right : op[1] === '-' ? value - right : op[1] === '*' ? value * right : value / right;
    }
    return { kind: 'number', value };
  }
  const word = r.word();
  if (aggregateOf(word) || word === 'rate' || word === 'increase') {
    const save = r.pos;
    r.pos += word.length;
    if (word === 'rate' || word === 'increase') {
      if (!r.take('(')) return `parse error: expected ( after ${word}`;
      r.blank();
      const selector = selectorAt(r);
      if (typeof selector === 'string') return selector;
      if (!r.take('[')) return `parse error: ${word} needs a range vector`;
      const d = DURATION.exec(r.text.slice(r.pos));
      if (!d) return 'parse error: bad duration';
      r.pos += d[0].length;
      if (!r.take(']') || !r.take(')')) return 'parse error: unclosed range or call';
      return { kind: 'rate', fn: word, selector, rangeMs: Number(d[1]) * UNIT_MS[d[2]!]! };
    }
    const op = aggregateOf(word) ?? 'sum';
    let grouping = groupingAt(r);
    if (typeof grouping === 'string') return grouping;
    if (!r.take('(')) {
      r.pos = save;
      return selectorOrError(r);
    }
    const inner = expression(r);
    if (typeof inner === 'string') return inner;
    if (!r.take(')')) return 'parse error: unclosed aggregation';
    if (!grouping) {
      const after = groupingAt(r);
      if (typeof after === 'string') return after;
      grouping = after;
    }
    return { kind: 'aggregate', op, grouping, expr: inner };
  }
  return selectorOrError(r);
}

function groupingAt(r: Reader): { without: boolean; labels: string[] } | null | string {
  const word = r.word();
  if (word !== 'by' && word !== 'without') return null;
  r.pos += word.length;
  if (!r.take('(')) return `parse error: expected ( after ${word}`;
  const labels: string[] = [];
  while (!r.take(')')) {
    const label = r.word();
    if (!label) return 'parse error: bad grouping label';
    r.pos += label.length;
    labels.push(label);
    r.take(',');
  }
  return { without: word === 'without', labels };
}

function selectorOrError(r: Reader): Expr | string {
  r.blank();
  if (!r.word() && r.text[r.pos] !== '{') return `parse error: unexpected ${JSON.stringify(r.text.slice(r.pos, r.pos + 10))}; ${UNSUPPORTED}`;
  const selector = selectorAt(r);
  return typeof selector === 'string' ? selector : { kind: 'selector', selector };
}

/** Parses a query; anything past the supported part is refused, naming what is supported. */
export function parseQuery(text: string): Parsed {
  const r = new Reader(text);
  const expr = expression(r);
  if (typeof expr === 'string') return { ok: false, error: expr };
  r.blank();
  if (r.pos < text.length) return { ok: false, error: `parse error: unexpected ${JSON.stringify(text.slice(r.pos, r.pos + 20))}; ${UNSUPPORTED}` };
  return { ok: true, expr };
}
