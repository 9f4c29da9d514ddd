import type http from 'node:http';
import https from 'node:https';
import { PrometheusDriver } from 'prometheus-query';
import type { PrometheusSourceConfig } from '../../config/schema/prometheus';
import type { ClusterKubeConfig } from '../kube/kubeconfig';
import { safeUrl } from '../http/safe-url';
import { createUrlAuth } from './credentials';
import type { ClusterLabelling } from './labelling';
import { bodyStart, isApiEnvelope, NotPrometheusAnswer, notPrometheusAnswer, queryFailure, type QueryFailure } from './query-failure';
import { serviceProxyPath } from './scrape';

/**
 * One request of the Prometheus HTTP API that fleetscope fans out
 * (https://prometheus.io/docs/prometheus/latest/querying/api/): a query, or a
 * look-up of series, label names, label values or metric metadata. Times in
 * milliseconds; null where the caller gave none (Prometheus' default).
 */
export type QueryRequest =
  | { readonly kind: 'instant'; readonly query: string; readonly timeMs: number }
  | { readonly kind: 'range'; readonly query: string; readonly startMs: number; readonly endMs: number; readonly stepSeconds: number }
  | { readonly kind: 'series'; readonly match: readonly string[]; readonly startMs: number | null; readonly endMs: number | null }
  | { readonly kind: 'labels'; readonly match: readonly string[]; readonly startMs: number | null; readonly endMs: number | null }
  | {
      readonly kind: 'label_values';
      /** A valid label name (checked by the caller: it goes into the path). */
      readonly name: string;
      readonly match: readonly string[];
      readonly startMs: number | null;
      readonly endMs: number | null;
    }
  | { readonly kind: 'metadata'; readonly metric: string | null; readonly limit: number | null };

/**
 * One cluster's answer: the envelope's `data` as its Prometheus wrote it
 * (unchecked: the merge decodes it) with its `warnings`, or what went wrong
 * (see queryFailure).
 */
export type QueryOutcome = { readonly ok: true; readonly data: unknown; readonly warnings: readonly string[] } | ({ readonly ok: false } & QueryFailure);

/** One cluster's Prometheus HTTP API, for the /api/v1 fan-out. */
export interface QueryTarget {
  readonly cluster: string;
  readonly labelling: ClusterLabelling;
  /**
   * Sends one request to the cluster's Prometheus, within the cluster's
   * `timeout` and `maxBodySize`. Never rejects. Aborting `signal` (the
   * client went away) cancels the request.
   */
  run(request: QueryRequest, signal: AbortSignal): Promise<QueryOutcome>;
}

/** The API path a request goes to, under /api/v1. */
export function requestPath(request: QueryRequest): string {
  switch (request.kind) {
    case 'instant':
      return 'query';
    case 'range':
      return 'query_range';
    case 'label_values':
      return `label/${request.name}/values`;
    default:
      return request.kind;
  }
}

// prometheus-query needs a start and end for series; these stand for Prometheus' own defaults (all of its data).
const EARLIEST_MS = 1;
const LATEST_MS = Date.UTC(9999, 11, 31);

/** Sends the request with the driver; resolves when it answered (its data is taken from the raw answer). */
function send(driver: PrometheusDriver, request: QueryRequest): Promise<unknown> {
  const optional = (ms: number | null) => (ms === null ? undefined : ms);
  switch (request.kind) {
    case 'instant':
      return driver.instantQuery(request.query, request.timeMs);
    case 'range':
      return driver.rangeQuery(request.query, request.startMs, request.endMs, request.stepSeconds);
    case 'series':
      return driver.series([...request.match], request.startMs ?? EARLIEST_MS, request.endMs ?? LATEST_MS);
    case 'labels':
      return driver.labelNames(request.match.length ? [...request.match] : undefined, optional(request.startMs), optional(request.endMs));
    case 'label_values':
      return driver.labelValues(request.name, request.match.length ? [...request.match] : undefined, optional(request.startMs), optional(request.endMs));
    case 'metadata':
      return driver.metadata(request.metric ?? undefined, request.limit ?? undefined);
  }
}

/** Base URL of the HTTP API: `queryUrl`, else `url` without its /federate. */
export function queryBaseUrl(config: PrometheusSourceConfig): string | null {
  if (config.queryUrl) return config.queryUrl.replace(/\/+$/, '');
  if (!config.url) return null;
  const url = new URL(config.url);
  url.search = '';
  url.pathname = url.pathname.replace(/\/federate\/?$/, '') || '/';
  return url.toString().replace(/\/+$/, '');
}

/**
 * A prometheus-query driver for one cluster, with the same credentials as its
 * scrape (bearer token or token file, basic auth, TLS; or the API server's
 * service proxy with the cluster's Kubernetes credentials).
 */
export function createQueryTarget(options: {
  cluster: string;
  config: PrometheusSourceConfig;
  clusterLabel: string;
  kube?: ClusterKubeConfig | null;
}): QueryTarget | null {
  const { config } = options;
  let endpoint: string | null;
  let authorize: (request: {
    headers: Record<string, unknown>;
    httpAgent?: http.Agent;
    httpsAgent?: https.Agent;
    auth?: { username: string; password: string };
  }) => Promise<void>;
  if (config.service) {
    const kube = options.kube;
    if (!kube) return null;
    endpoint = kube.server.replace(/\/$/, '') + serviceProxyPath({ ...config.service, path: '' });
    authorize = async (request) => {
      const settings: https.RequestOptions = { headers: {} };
      await kube.kc.applyToHTTPSOptions(settings);
      for (const [name, value] of Object.entries(settings.headers ?? {})) if (typeof value === 'string') request.headers[name] = value;
      if (settings.agent instanceof https.Agent) request.httpsAgent = settings.agent;
    };
  } else {
    endpoint = queryBaseUrl(config);
    const auth = createUrlAuth(config);
    authorize = async (request) => {
      const result = await auth();
      if (!result.ok) throw new Error(result.error.message);
      for (const [name, value] of Object.entries(result.value.headers)) request.headers[name] = value;
      if (result.value.auth !== undefined) {
        const colon = result.value.auth.indexOf(':');
        request.auth = { username: result.value.auth.slice(0, colon), password: result.value.auth.slice(colon + 1) };
      }
      if (result.value.tls) request.httpsAgent = new https.Agent({ ...result.value.tls, keepAlive: false });
    };
  }
  if (!endpoint) return null;
  const base = endpoint;
  // A driver per request: prometheus-query takes no per-call settings, and the signal and the answer caught are the call's own.
  const driverFor = (signal: AbortSignal, answer: { body: unknown }) =>
    new PrometheusDriver({
      endpoint: base,
      baseURL: '/api/v1',
      timeout: config.timeout,
      requestInterceptor: {
        onFulfilled: async (request) => {
          const headers: Record<string, unknown> = {};
          const extra: Parameters<typeof authorize>[0] = { headers };
          await authorize(extra);
          for (const [name, value] of Object.entries(headers)) request.headers.set(name, String(value));
          if (extra.auth) request.auth = extra.auth;
          if (extra.httpsAgent) request.httpsAgent = extra.httpsAgent;
          request.signal = signal;
          // The same body limit as the cluster's scrapes: one huge answer must not hold the process parsing it.
          request.maxContentLength = config.maxBodySize;
          return request;
        },
      },
      responseInterceptor: {
        onFulfilled: (response) => {
          if (!isApiEnvelope(response.data)) throw new NotPrometheusAnswer(response.status, bodyStart(response.data));
          // The envelope as Prometheus wrote it: prometheus-query turns values into numbers and drops the warnings.
          answer.body = response.data;
          return response;
        },
        onRejected: (error: unknown) => {
          throw notPrometheusAnswer(error) ?? error;
        },
      },
    });
  return {
    cluster: options.cluster,
    labelling: { label: options.clusterLabel, cluster: options.cluster, existing: config.existingClusterLabel },
    async run(request, signal) {
      const answer: { body: unknown } = { body: undefined };
      const what = `GET ${safeUrl(`${base}/api/v1/${requestPath(request)}`)}`;
      try {
        await send(driverFor(signal, answer), request);
        return { ok: true, data: field(answer.body, 'data'), warnings: stringsOf(field(answer.body, 'warnings')) };
      } catch (reason) {
        return { ok: false, ...queryFailure(reason, { what, timeoutMs: config.timeout, maxBytes: config.maxBodySize }) };
      }
    },
  };
}

const field = (value: unknown, name: string): unknown => (value !== null && typeof value === 'object' ? Reflect.get(value, name) : undefined);
const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
