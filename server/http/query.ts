import express, { Router, type Request, type Response } from 'express';
import { InstantVector, RangeVector, ResponseType, SampleValue, type QueryResult } from 'prometheus-query';
import { applyClusterLabel } from '../sources/federate/labelling';
import type { QueryRequest, QueryTarget } from '../sources/federate/query-targets';
import { formatValue } from '../sources/federate/value';
import { onlyMethods } from './errors';
import { createPacer, writePaced } from './paced-write';

/**
 * `GET|POST /api/v1/query` and `/api/v1/query_range`, Prometheus-API
 * compatible (https://prometheus.io/docs/prometheus/latest/querying/api/):
 * the query runs on each cluster's own Prometheus, and the answer is the
 * union of the results, each series labelled with its cluster. Clusters that
 * fail are listed in `warnings` (a partial response), each with its real
 * error. Aggregation across clusters is the caller's: `sum(x)` gives one sum
 * per cluster, and a scalar or string one labelled sample per cluster (see
 * docs/api.md). The requests are cancelled when the client goes away.
 */
export interface QueryRouteOptions {
  targets: () => readonly QueryTarget[];
  now: () => number;
  /** The most samples one answer holds over all clusters; default MAX_FANOUT_SAMPLES. */
  maxSamples?: number;
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

function badRequest(res: Response, error: string): void {
  res.status(400).json({ status: 'error', errorType: 'bad_data', error });
}

/**
 * The most samples (series × points) one fan-out answers, over all clusters
 * together: what the answer may cost in memory and in writing it out, like
 * Prometheus' own `--query.max-samples` (and with the same errorType).
 */
export const MAX_FANOUT_SAMPLES = 2_000_000;

/** One cluster's answer as series of Prometheus' JSON, cluster-labelled; a scalar or string becomes one labelled sample. */
function seriesOf(result: QueryResult, target: QueryTarget): PromSeries[] {
  const out: PromSeries[] = [];
  switch (result.resultType) {
    case ResponseType.MATRIX:
      for (const item of result.result)
        if (item instanceof RangeVector) out.push({ metric: labelsOf(item.metric, target), values: item.values.filter(isSample).map(sample) });
      break;
    case ResponseType.VECTOR:
      for (const item of result.result)
        if (item instanceof InstantVector && isSample(item.value)) out.push({ metric: labelsOf(item.metric, target), value: sample(item.value) });
      break;
    case ResponseType.SCALAR:
    case ResponseType.STRING: {
      // prometheus-query hands these on as Prometheus wrote them: [time, "value"]. They have no labels to tell
      // clusters apart, so each cluster's becomes one sample labelled with the cluster.
      const only: unknown = result.result;
      if (Array.isArray(only) && only.length === 2 && typeof only[0] === 'number')
        out.push({ metric: labelsOf(null, target), value: [only[0], String(only[1])] });
    }
  }
  return out;
}

const pointsOf = (series: PromSeries) => series.values?.length ?? 1;

/** The success envelope, written a piece at a time (a series per JSON.stringify) so a large answer never holds the event loop. */
function* successSteps(resultType: string, result: readonly PromSeries[], warnings: readonly string[]): Generator<string[]> {
  let piece = `{"status":"success","data":{"resultType":${JSON.stringify(resultType)},"result":[`;
  for (let i = 0; i < result.length; i++) {
    piece += (i > 0 ? ',' : '') + JSON.stringify(result[i]);
    if (piece.length >= 64 * 1024) {
      yield [piece];
      piece = '';
    }
  }
  yield [`${piece}]}${warnings.length ? `,"warnings":${JSON.stringify(warnings)}` : ''}}`];
}

export function createQueryRouter(options: QueryRouteOptions): Router {
  const maxSamples = options.maxSamples ?? MAX_FANOUT_SAMPLES;
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));

  const handle = (range: boolean) => async (req: Request, res: Response) => {
    const query = param(req, 'query');
    if (!query) return badRequest(res, 'missing parameter "query"');
    const now = options.now();
    let request: QueryRequest;
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
      request = { kind: 'range', query, startMs: start, endMs: end, stepSeconds: step };
    } else {
      const time = parseTime(param(req, 'time'), now);
      if (time === null) return badRequest(res, 'invalid parameter "time"');
      request = { kind: 'instant', query, timeMs: time };
    }

    // A client that goes away cancels every cluster's request and the rest of the work.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) gone.abort();
    });
    const targets = options.targets();
    const outcomes = await Promise.all(targets.map((t) => t.run(request, gone.signal)));
    if (gone.signal.aborted) return;

    const pace = createPacer();
    const result: PromSeries[] = [];
    const warnings: string[] = [];
    const badData: string[] = [];
    let samples = 0;
    for (const [i, outcome] of outcomes.entries()) {
      const target = targets[i]!;
      if (!outcome.ok) {
        if (outcome.refused !== null) badData.push(outcome.refused);
        warnings.push(`cluster ${target.cluster}: ${outcome.message}`);
        continue;
      }
      for (const series of seriesOf(outcome.result, target)) {
        samples += pointsOf(series);
        result.push(series);
      }
      if (samples > maxSamples) {
        res.status(422).json({
          status: 'error',
          errorType: 'execution',
          error: `the clusters' answers hold more than ${maxSamples} samples together (the fan-out's limit); narrow the query, its range or its step`,
        });
        return;
      }
      await pace();
      if (gone.signal.aborted) return;
    }
    // No cluster answered: a query that a Prometheus rejected is the caller's error (400), else nothing was reachable (503).
    const answered = targets.length - warnings.length;
    if (targets.length > 0 && answered === 0 && badData.length > 0) return badRequest(res, badData[0] ?? 'bad query');
    if (targets.length > 0 && answered === 0) {
      res.status(503).json({ status: 'error', errorType: 'unavailable', error: 'no cluster answered', warnings });
      return;
    }
    res.status(200).type('application/json');
    await writePaced(successSteps(range ? 'matrix' : 'vector', result, warnings), res, () => gone.signal.aborted);
    res.end();
  };

  router.get('/query', handle(false));
  router.post('/query', handle(false));
  router.get('/query_range', handle(true));
  router.post('/query_range', handle(true));
  router.all(['/query', '/query_range'], onlyMethods('GET', 'POST'));
  return router;
}
