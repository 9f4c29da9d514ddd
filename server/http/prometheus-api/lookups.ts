import type { Request, Response } from 'express';
import type { QueryRequest, QueryTarget } from '../../sources/federate/query-targets';
import { decodeMetadata, decodeSeries, decodeStrings } from './decode';
import { badData, sendFailure, success } from './envelope';
import { ask, fanOut, sentError, untilGone, type ClusterPart } from './fan-out';
import { mergeLabelNames, mergeLabelValues, mergeMetadata, mergeSeries, upstreamLabel } from './merge';
import { LABEL_NAME, optionalTime, paramAll, param } from './params';

/** What the look-ups need: the clusters' Prometheus APIs. */
export interface LookupRouteOptions {
  targets: () => readonly QueryTarget[];
}

type Range = { startMs: number | null; endMs: number | null };

/** `start` and `end`, or Prometheus' words for the one that is not a time. */
function rangeOf(req: Request): { ok: true; range: Range } | { ok: false; error: string } {
  const start = optionalTime(req, 'start');
  if (!start.ok) return start;
  const end = optionalTime(req, 'end');
  if (!end.ok) return end;
  return { ok: true, range: { startMs: start.ms, endMs: end.ms } };
}

/** `GET|POST /api/v1/series`: every cluster's series matching any `match[]`, each with its cluster label. */
export function seriesHandler(options: LookupRouteOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    const match = paramAll(req, 'match[]');
    if (!match.length) return sendFailure(res, badData('no match[] parameter provided'));
    const times = rangeOf(req);
    if (!times.ok) return sendFailure(res, badData(times.error));
    const { range } = times;
    const signal = untilGone(res);
    const result = await fanOut(options.targets(), { kind: 'series', match, ...range }, (target, request) => ask(target, request, decodeSeries, signal));
    if (signal.aborted || sentError(res, result)) return;
    res.json(success(mergeSeries(result.answers), result.warnings));
  };
}

/** `GET|POST /api/v1/labels`: the label names of every cluster's series (of those matching `match[]` when given), the cluster label among them. */
export function labelsHandler(options: LookupRouteOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    const times = rangeOf(req);
    if (!times.ok) return sendFailure(res, badData(times.error));
    const { range } = times;
    const match = paramAll(req, 'match[]');
    const signal = untilGone(res);
    const each = async (target: QueryTarget, scoped: QueryRequest): Promise<ClusterPart<string[]>> => {
      const names = await ask(target, scoped, decodeStrings, signal);
      const { label, cluster, existing } = target.labelling;
      if (!names.ok || existing !== 'rename' || !names.data.includes(label)) return names;
      // The cluster's own `cluster` shows as exported_cluster only where it differs from the cluster's name (equal, it is dropped).
      const asked = scoped.kind === 'labels' ? scoped.match : match;
      const values = await ask(target, { kind: 'label_values', name: label, match: asked, ...range }, decodeStrings, signal);
      if (!values.ok || values.data.some((v) => v !== cluster)) return names;
      return { ...names, data: names.data.filter((n) => n !== label) };
    };
    const result = await fanOut(options.targets(), { kind: 'labels', match, ...range }, each);
    if (signal.aborted || sentError(res, result)) return;
    res.json(success(mergeLabelNames(result.answers), result.warnings));
  };
}

/**
 * `GET /api/v1/label/<name>/values`: the union of the clusters' values; for
 * the cluster label, the names of the clusters that answered and hold a
 * series (matching `match[]`, when given).
 */
export function labelValuesHandler(options: LookupRouteOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    const name = typeof req.params.name === 'string' ? req.params.name : '';
    if (!LABEL_NAME.test(name)) return sendFailure(res, badData(`invalid label name: ${JSON.stringify(name)}`));
    const times = rangeOf(req);
    if (!times.ok) return sendFailure(res, badData(times.error));
    const { range } = times;
    const match = paramAll(req, 'match[]');
    const signal = untilGone(res);
    const each = async (target: QueryTarget, scoped: QueryRequest): Promise<ClusterPart<{ values: string[]; hasSeries: boolean }>> => {
      const asked = scoped.kind === 'label_values' ? scoped.match : match;
      const upstream = upstreamLabel(name, target.labelling);
      if (upstream === null) {
        // Whether the cluster answers and has a series (matching match[]): any such series has a label name.
        const names = await ask(target, { kind: 'labels', match: asked, ...range }, decodeStrings, signal);
        return names.ok ? { ...names, data: { values: [], hasSeries: names.data.length > 0 } } : names;
      }
      const values = await ask(target, { kind: 'label_values', name: upstream, match: asked, ...range }, decodeStrings, signal);
      return values.ok ? { ...values, data: { values: values.data, hasSeries: values.data.length > 0 } } : values;
    };
    const result = await fanOut(options.targets(), { kind: 'label_values', name, match, ...range }, each);
    if (signal.aborted || sentError(res, result)) return;
    res.json(success(mergeLabelValues(result.answers, name), result.warnings));
  };
}

/** `GET /api/v1/metadata`: every cluster's metric metadata, deduplicated (`metric`, `limit` as Prometheus takes them). */
export function metadataHandler(options: LookupRouteOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    const limitText = param(req, 'limit');
    const limit = limitText === undefined || limitText === '' ? null : Number(limitText);
    if (limit !== null && !Number.isInteger(limit)) return sendFailure(res, badData('limit must be a number'));
    const metric = param(req, 'metric') || null;
    const signal = untilGone(res);
    const result = await fanOut(options.targets(), { kind: 'metadata', metric, limit }, (target, request) => ask(target, request, decodeMetadata, signal));
    if (signal.aborted || sentError(res, result)) return;
    res.json(success(mergeMetadata(result.answers, limit), result.warnings));
  };
}
