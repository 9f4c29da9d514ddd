import type http from 'node:http';
import { storedSeries, type ExpositionCache } from '../exposition';
import { selectorsMatch, parseSelectors } from '../metrics/selector';
import { evaluate, type EvalContext, type Value } from './evaluate';
import { parseQuery } from './promql';

/**
 * The simulated cluster Prometheus' HTTP API (/api/v1), as far as Grafana
 * and promtool use it: query (the PromQL of promql.ts), query_range, series,
 * labels, label values, metadata and status/buildinfo, in Prometheus' JSON
 * envelope. It is what fleetscope's fan-out asks on the demo fleet.
 */
export interface ApiContext {
  cache: ExpositionCache;
  now(): number;
}

type Json = Record<string, unknown>;

function send(res: http.ServerResponse, status: number, body: Json): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
const ok = (res: http.ServerResponse, data: unknown) => send(res, 200, { status: 'success', data });
const bad = (res: http.ServerResponse, error: string) => send(res, 400, { status: 'error', errorType: 'bad_data', error });

/** Prometheus' JSON number text: Go's FormatFloat(v, 'f', -1), NaN and ±Inf by name. */
function text(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

function time(raw: string | null, fallback: number): number | null {
  if (raw === null || raw === '') return fallback;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

function step(raw: string | null): number | null {
  if (!raw) return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const m = /^(\d+)(ms|s|m|h)$/.exec(raw);
  return m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2]!]! : null;
}

async function paramsOf(req: http.IncomingMessage, url: URL): Promise<URLSearchParams> {
  const params = new URLSearchParams();
  if (req.method === 'POST') {
    let body = '';
    for await (const chunk of req) {
      body += String(chunk);
      if (body.length > 1 << 20) break;
    }
    for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
  }
  for (const [k, v] of url.searchParams) params.append(k, v);
  return params;
}

function vectorJson(value: Value, atMs: number): Json {
  const t = atMs / 1000;
  if (value.type === 'scalar') return { resultType: 'scalar', result: [t, text(value.value)] };
  if (value.type === 'string') return { resultType: 'string', result: [t, value.value] };
  return { resultType: 'vector', result: value.samples.map((s) => ({ metric: s.labels, value: [t, text(s.value)] })) };
}

function rangeJson(query: ReturnType<typeof parseQuery> & { ok: true }, startMs: number, endMs: number, stepMs: number, context: EvalContext): Json {
  const series = new Map<string, { metric: Record<string, string>; values: Array<[number, string]> }>();
  for (let t = startMs; t <= endMs; t += stepMs) {
    const value = evaluate(query.expr, t, context);
    const samples = value.type === 'vector' ? value.samples : [{ labels: {}, value: value.type === 'scalar' ? value.value : Number.NaN }];
    for (const sample of samples) {
      const key = JSON.stringify(Object.entries(sample.labels).sort());
      let entry = series.get(key);
      if (!entry) series.set(key, (entry = { metric: sample.labels, values: [] }));
      entry.values.push([t / 1000, text(sample.value)]);
    }
  }
  return { resultType: 'matrix', result: [...series.values()] };
}

/** Answers a request under /api/v1/ (an unknown path: 404 in the envelope). */
export async function answerApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, api: ApiContext): Promise<void> {
  const path = url.pathname.slice('/api/v1/'.length);
  const params = await paramsOf(req, url);
  const now = api.now();
  const context: EvalContext = { series: storedSeries(api.cache.targets()), scrapedAt: (ms) => api.cache.tickStart(ms) };
  if (path === 'query' || path === 'query_range') {
    const query = parseQuery(params.get('query') ?? '');
    if (!query.ok) return bad(res, query.error);
    if (path === 'query') {
      const at = time(params.get('time'), now);
      if (at === null) return bad(res, 'invalid parameter "time"');
      return ok(res, vectorJson(evaluate(query.expr, at, context), at));
    }
    const [start, end, every] = [time(params.get('start'), Number.NaN), time(params.get('end'), Number.NaN), step(params.get('step'))];
    if (start === null || end === null || Number.isNaN(start) || Number.isNaN(end) || end < start) return bad(res, 'invalid parameter "start" or "end"');
    if (every === null || every <= 0 || (end - start) / every > 11_000) return bad(res, 'invalid parameter "step"');
    return ok(res, rangeJson(query, start, end, every, context));
  }
  if (path === 'series' || path === 'labels' || path.startsWith('label/')) {
    const match = params.getAll('match[]');
    if (path === 'series' && !match.length) return bad(res, 'no match[] parameter provided');
    const selectors = parseSelectors(match);
    if (!selectors.ok) return bad(res, selectors.message);
    const chosen = context.series.filter((s) => !match.length || selectorsMatch(selectors.selectors, s.name, s.labels));
    const sets = chosen.map((s): Record<string, string> => ({ __name__: s.name, ...s.labels }));
    if (path === 'series') return ok(res, sets);
    const values = new Set<string>();
    const label = /^label\/([a-zA-Z_][a-zA-Z0-9_]*)\/values$/.exec(path)?.[1];
    if (path !== 'labels' && !label) return bad(res, `invalid label name in ${JSON.stringify(path)}`);
    for (const set of sets)
      if (label === undefined) for (const name of Object.keys(set)) values.add(name);
      else {
        const value = set[label];
        if (value !== undefined) values.add(value);
      }
    return ok(res, [...values].sort());
  }
  if (path === 'metadata') {
    const out: Record<string, Array<{ type: string; help: string; unit: string }>> = {};
    const metric = params.get('metric');
    for (const target of api.cache.targets())
      for (const family of target.up ? target.families() : [])
        if (!metric || family.name === metric) out[family.name] ??= [{ type: family.type, help: family.help, unit: '' }];
    return ok(res, out);
  }
  if (path === 'status/buildinfo')
    return ok(res, { version: '2.42.0', revision: 'simulated', branch: 'simulator', buildUser: 'fleetscope', buildDate: 'unknown', goVersion: 'simulated' });
  send(res, 404, { status: 'error', errorType: 'not_found', error: `no such API path: /api/v1/${path}` });
}
