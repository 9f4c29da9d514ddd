import type { Request, Response } from 'express';
import type { QueryRequest, QueryTarget } from '../../sources/federate/query-targets';
import { createPacer, writePaced } from '../paced-write';
import { decodeQueryData } from './decode';
import { badData, sendFailure } from './envelope';
import { ask, fanOut, sentError, untilGone } from './fan-out';
import { mergeQueryData } from './merge';
import { param, parseStep, parseTime } from './params';
import type { ApiError, QueryData } from './types';

/** What /api/v1/query and /api/v1/query_range need. */
export interface QueryRouteOptions {
  targets: () => readonly QueryTarget[];
  now: () => number;
  /** The most samples one answer holds over all clusters; default MAX_FANOUT_SAMPLES. */
  maxSamples?: number;
}

/**
 * The most samples (series × points) one fan-out answers, over all clusters
 * together: what the answer may cost in memory and in writing it out, like
 * Prometheus' own `--query.max-samples` (and with the same errorType).
 */
export const MAX_FANOUT_SAMPLES = 2_000_000;

/** The request a query's parameters ask for, or Prometheus' words for what is wrong with them. */
export function queryRequest(req: Request, range: boolean, now: number): { ok: true; request: QueryRequest } | { ok: false; error: ApiError } {
  const query = param(req, 'query');
  if (!query) return { ok: false, error: badData('missing parameter "query"') };
  if (!range) {
    const time = parseTime(param(req, 'time'), now);
    if (time === null) return { ok: false, error: badData('invalid parameter "time"') };
    return { ok: true, request: { kind: 'instant', query, timeMs: time } };
  }
  const start = parseTime(param(req, 'start'), Number.NaN);
  const end = parseTime(param(req, 'end'), Number.NaN);
  const step = parseStep(param(req, 'step'));
  if (start === null || Number.isNaN(start)) return { ok: false, error: badData('invalid parameter "start"') };
  if (end === null || Number.isNaN(end)) return { ok: false, error: badData('invalid parameter "end"') };
  if (end < start) return { ok: false, error: badData('invalid parameter "end": end timestamp must not be before start time') };
  if (step === null || step <= 0)
    return { ok: false, error: badData('invalid parameter "step": zero or negative query resolution step widths are not accepted') };
  if ((end - start) / 1000 / step > 11_000)
    return { ok: false, error: badData('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)') };
  return { ok: true, request: { kind: 'range', query, startMs: start, endMs: end, stepSeconds: step } };
}

const samplesOf = (data: QueryData): number =>
  data.resultType === 'matrix' ? data.result.reduce((n, s) => n + s.values.length, 0) : data.resultType === 'vector' ? data.result.length : 1;

/** The success envelope, written a piece at a time (a series per JSON.stringify) so a large answer never holds the event loop. */
function* successSteps(data: QueryData, warnings: readonly string[]): Generator<string[]> {
  const tail = `${warnings.length ? `,"warnings":${JSON.stringify(warnings)}` : ''}}`;
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    yield [`{"status":"success","data":${JSON.stringify(data)}${tail}`];
    return;
  }
  let piece = `{"status":"success","data":{"resultType":"${data.resultType}","result":[`;
  for (let i = 0; i < data.result.length; i++) {
    piece += (i > 0 ? ',' : '') + JSON.stringify(data.result[i]);
    if (piece.length >= 64 * 1024) {
      yield [piece];
      piece = '';
    }
  }
  yield [`${piece}]}${tail}`];
}

/**
 * `GET|POST /api/v1/query` and `/api/v1/query_range`: the query runs on
 * each cluster's own Prometheus, and the answer is the merge of the results
 * (mergeQueryData), failed clusters in `warnings`. The clusters' requests
 * are cancelled when the client goes away.
 */
export function queryHandler(options: QueryRouteOptions, range: boolean): (req: Request, res: Response) => Promise<void> {
  const maxSamples = options.maxSamples ?? MAX_FANOUT_SAMPLES;
  return async (req, res) => {
    const asked = queryRequest(req, range, options.now());
    if (!asked.ok) return sendFailure(res, asked.error);
    const signal = untilGone(res);
    const result = await fanOut(options.targets(), asked.request, (target, request) => ask(target, request, decodeQueryData, signal));
    if (signal.aborted || sentError(res, result)) return;

    // Counted before merging: past the limit, the merge's work and memory are not spent.
    const pace = createPacer();
    let samples = 0;
    for (const answer of result.answers) {
      samples += samplesOf(answer.data);
      if (samples > maxSamples)
        return sendFailure(res, {
          errorType: 'execution',
          error: `the clusters' answers hold more than ${maxSamples} samples together (the fan-out's limit); narrow the query, its range or its step`,
        });
      await pace();
      if (signal.aborted) return;
    }
    const merged = mergeQueryData(result.answers, range ? 'matrix' : 'vector');
    if (!merged.ok) return sendFailure(res, merged.error, result.warnings);
    res.status(200).type('application/json');
    await writePaced(successSteps(merged.data, result.warnings), res, () => signal.aborted);
    res.end();
  };
}
