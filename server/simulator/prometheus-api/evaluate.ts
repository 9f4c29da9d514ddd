import type { StoredSeries } from '../exposition';
import { valueAt, type Labels } from '../metrics/families';
import { selectorsMatch, type Selector } from '../metrics/selector';
import type { Expr } from './promql';

/** An instant vector's sample as the evaluator holds it. */
export interface Sample {
  labels: Labels;
  value: number;
}

/** The value of an expression at one instant: a vector, a scalar or a string. */
export type Value = { type: 'vector'; samples: Sample[] } | { type: 'scalar'; value: number } | { type: 'string'; value: string };

/** The evaluation context: the series the simulated Prometheus holds, and the time its last scrape before `atMs` happened. */
export interface EvalContext {
  series: readonly StoredSeries[];
  /** The scrape time a sample evaluated at `ms` comes from. */
  scrapedAt(ms: number): number;
}

const withName = (s: StoredSeries): Labels => ({ __name__: s.name, ...s.labels });

function select(selector: Selector, context: EvalContext): StoredSeries[] {
  return context.series.filter((s) => selectorsMatch([selector], s.name, s.labels));
}

function groupKey(labels: Labels, grouping: { without: boolean; labels: string[] } | null): Labels {
  if (!grouping) return {};
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels)) {
    if (k === '__name__') continue;
    if (grouping.labels.includes(k) !== grouping.without) out[k] = v;
  }
  return out;
}

function aggregate(op: Expr & { kind: 'aggregate' }, samples: Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; values: number[] }>();
  for (const sample of samples) {
    const labels = groupKey(sample.labels, op.grouping);
    const key = JSON.stringify(Object.entries(labels).sort());
    const group = groups.get(key);
    if (group) group.values.push(sample.value);
    else groups.set(key, { labels, values: [sample.value] });
  }
  const reduce: Record<typeof op.op, (v: number[]) => number> = {
    sum: (v) => v.reduce((a, b) => a + b, 0),
    count: (v) => v.length,
    min: (v) => Math.min(...v),
    max: (v) => Math.max(...v),
    avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  };
  return [...groups.values()].map((g) => ({ labels: g.labels, value: reduce[op.op](g.values) }));
}

/** Evaluates `expr` at `atMs` as Prometheus would over the simulator's series (which stand for every past scrape too). */
export function evaluate(expr: Expr, atMs: number, context: EvalContext): Value {
  switch (expr.kind) {
    case 'number':
      return { type: 'scalar', value: expr.value };
    case 'string':
      return { type: 'string', value: expr.value };
    case 'selector': {
      const at = context.scrapedAt(atMs);
      return { type: 'vector', samples: select(expr.selector, context).map((s) => ({ labels: withName(s), value: valueAt(s.sample, at) })) };
    }
    case 'rate': {
      const end = context.scrapedAt(atMs);
      const start = context.scrapedAt(atMs - expr.rangeMs);
      const seconds = expr.rangeMs / 1000;
      const samples = select(expr.selector, context).map((s) => {
        const increase = Math.max(0, valueAt(s.sample, end) - valueAt(s.sample, start));
        const { __name__: _name, ...labels } = withName(s);
        return { labels, value: expr.fn === 'rate' ? increase / seconds : increase };
      });
      return { type: 'vector', samples };
    }
    case 'aggregate': {
      const inner = evaluate(expr.expr, atMs, context);
      const samples = inner.type === 'vector' ? inner.samples : [];
      return { type: 'vector', samples: aggregate(expr, samples) };
    }
  }
}
