import express, { Router, type Request, type Response } from 'express';
import { InstantVector, RangeVector, ResponseType, SampleValue } from 'prometheus-query';
import { applyClusterLabel } from '../sources/federate/labelling';
import type { QueryTarget } from '../sources/federate/query-targets';
import { formatValue } from '../sources/federate/value';
import { onlyMethods } from './errors';

/**
 * `GET|POST /api/v1/query` and `/api/v1/query_range`, Prometheus-API
 * compatible (https://prometheus.io/docs/prometheus/latest/querying/api/):
 * the query runs on each cluster's own Prometheus, and the answer is the
 * union of the results, each series labelled with its cluster. Clusters that
 * fail are listed in `warnings` (a partial response). Aggregation across
 * clusters is the caller's: `sum(x)` gives one sum per cluster.
 */
export interface QueryRouteOptions {
  targets: () => readonly QueryTarget[];
  now: () => number;
}

type PromValue = [number, string];
interface PromSeries {
  metric: Record<string, string>;
  value?: PromValue;
  values?: PromValue[];
}

/** Prometheus' time parameter: RFC 3339 or Unix seconds (fractions allowed); milliseconds, or null. */
export function parseTime(text: string | undefined, fallback: number): number | null {
  if (text === undefined || text === '') return fallback;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Prometheus' step / duration parameter: seconds (float) or a duration like 15s, 1m. */
export function parseStep(text: string | undefined): number | null {
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) return null;
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
  return Number(match[1]) * (unit[match[2] ?? 's'] ?? 1);
}

function param(req: Request, name: string): string | undefined {
  const fromBody: unknown = req.body && typeof req.body === 'object' ? Reflect.get(req.body, name) : undefined;
  if (typeof fromBody === 'string') return fromBody;
  const fromQuery = new URL(req.originalUrl, 'http://localhost').searchParams.get(name);
  return fromQuery ?? undefined;
}

function sample(value: SampleValue): PromValue {
  return [value.time.getTime() / 1000, formatValue(value.value)];
}

// prometheus-query types the samples it builds as `any`; they are its SampleValue.
const isSample = (value: unknown): value is SampleValue => value instanceof SampleValue;

function labelsOf(metric: { name: string; labels: object } | null | undefined, target: QueryTarget): Record<string, string> {
  const labels: Record<string, string> = {};
  if (metric?.name) labels.__name__ = metric.name;
  for (const [k, v] of Object.entries(metric?.labels ?? {})) labels[k] = String(v);
  return applyClusterLabel(labels, target.labelling);
}

function errorText(error: unknown): { message: string; badData: boolean } {
  if (error && typeof error === 'object') {
    // prometheus-query rejects with an Error or with `{ errorType, error }` (Prometheus' answer).
    const type: unknown = Reflect.get(error, 'errorType');
    const message: unknown = Reflect.get(error, 'error') ?? Reflect.get(error, 'message');
    const text = typeof message === 'string' ? message : typeof type === 'string' ? type : 'query failed';
    return { message: text, badData: type === 'bad_data' || (type === 'http_error' && text.includes('parse error')) };
  }
  return { message: String(error), badData: false };
}

function badRequest(res: Response, error: string): void {
  res.status(400).json({ status: 'error', errorType: 'bad_data', error });
}

export function createQueryRouter(options: QueryRouteOptions): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));

  const handle = (range: boolean) => async (req: Request, res: Response) => {
    const query = param(req, 'query');
    if (!query) return badRequest(res, 'missing parameter "query"');
    const now = options.now();
    let run: (t: QueryTarget) => ReturnType<QueryTarget['instant']>;
    if (range) {
      const start = parseTime(param(req, 'start'), Number.NaN);
      const end = parseTime(param(req, 'end'), Number.NaN);
      const step = parseStep(param(req, 'step'));
      if (start === null || Number.isNaN(start)) return badRequest(res, 'invalid parameter "start"');
      if (end === null || Number.isNaN(end)) return badRequest(res, 'invalid parameter "end"');
      if (end < start) return badRequest(res, 'invalid parameter "end": end timestamp must not be before start time');
      if (step === null || step <= 0) return badRequest(res, 'invalid parameter "step": zero or negative query resolution step widths are not accepted');
      if ((end - start) / 1000 / step > 11_000)
        return badRequest(res, 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
      run = (t) => t.range(query, start, end, step);
    } else {
      const time = parseTime(param(req, 'time'), now);
      if (time === null) return badRequest(res, 'invalid parameter "time"');
      run = (t) => t.instant(query, time);
    }

    const targets = options.targets();
    const outcomes = await Promise.allSettled(targets.map((t) => run(t)));
    const result: PromSeries[] = [];
    const warnings: string[] = [];
    const badData: string[] = [];
    outcomes.forEach((outcome, i) => {
      const target = targets[i]!;
      if (outcome.status === 'rejected') {
        const { message, badData: bad } = errorText(outcome.reason);
        if (bad) badData.push(message);
        warnings.push(`cluster ${target.cluster}: ${message}`);
        return;
      }
      const data = outcome.value;
      switch (data.resultType) {
        case ResponseType.MATRIX:
          for (const item of data.result)
            if (item instanceof RangeVector) result.push({ metric: labelsOf(item.metric, target), values: item.values.filter(isSample).map(sample) });
          break;
        case ResponseType.VECTOR:
          for (const item of data.result)
            if (item instanceof InstantVector && isSample(item.value)) result.push({ metric: labelsOf(item.metric, target), value: sample(item.value) });
          break;
        case ResponseType.SCALAR:
        case ResponseType.STRING: {
          // A scalar or string answer has no labels to tell clusters apart: it becomes one labelled sample per cluster.
          const only: unknown = data.result;
          if (only && typeof only === 'object' && 'time' in only && 'value' in only && only.time instanceof Date)
            result.push({ metric: labelsOf(null, target), value: [only.time.getTime() / 1000, String(only.value)] });
        }
      }
    });
    // No cluster answered: a query that a Prometheus rejected is the caller's error (400), else nothing was reachable (503).
    const answered = targets.length - warnings.length;
    if (targets.length > 0 && answered === 0 && badData.length > 0) return badRequest(res, badData[0] ?? 'bad query');
    if (targets.length > 0 && answered === 0) {
      res.status(503).json({ status: 'error', errorType: 'unavailable', error: 'no cluster answered', warnings });
      return;
    }
    res.json({ status: 'success', data: { resultType: range ? 'matrix' : 'vector', result }, ...(warnings.length ? { warnings } : {}) });
  };

  router.get('/query', handle(false));
  router.post('/query', handle(false));
  router.get('/query_range', handle(true));
  router.post('/query_range', handle(true));
  router.all(['/query', '/query_range'], onlyMethods('GET', 'POST'));
  return router;
}
