import type http from 'node:http';
import https from 'node:https';
import { PrometheusDriver, type QueryResult } from 'prometheus-query';
import type { PrometheusSourceConfig } from '../../config/schema/prometheus';
import type { ClusterKubeConfig } from '../kube/kubeconfig';
import { safeUrl } from '../http/safe-url';
import { createUrlAuth } from './credentials';
import type { ClusterLabelling } from './labelling';
import { bodyStart, isApiEnvelope, NotPrometheusAnswer, notPrometheusAnswer, queryFailure, type QueryFailure } from './query-failure';
import { serviceProxyPath } from './scrape';

/** One query, as /api/v1/query or /api/v1/query_range asks it. */
export type QueryRequest =
  | { readonly kind: 'instant'; readonly query: string; readonly timeMs: number }
  | { readonly kind: 'range'; readonly query: string; readonly startMs: number; readonly endMs: number; readonly stepSeconds: number };

/** One cluster's answer to a query: Prometheus' result, or what went wrong (see queryFailure). */
export type QueryOutcome = { readonly ok: true; readonly result: QueryResult } | ({ readonly ok: false } & QueryFailure);

/** One cluster's Prometheus HTTP API, for query fan-out. */
export interface QueryTarget {
  readonly cluster: string;
  readonly labelling: ClusterLabelling;
  /**
   * Runs one query on the cluster's Prometheus, within the cluster's
   * `timeout` and `maxBodySize`. Never rejects. Aborting `signal` (the
   * client went away) cancels the request.
   */
  run(request: QueryRequest, signal: AbortSignal): Promise<QueryOutcome>;
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
  // A driver per query: prometheus-query takes no per-call settings, and the signal is the call's own.
  const driverFor = (signal: AbortSignal) =>
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
      const driver = driverFor(signal);
      const what = `GET ${safeUrl(`${base}/api/v1/${request.kind === 'instant' ? 'query' : 'query_range'}`)}`;
      try {
        const result =
          request.kind === 'instant'
            ? await driver.instantQuery(request.query, request.timeMs)
            : await driver.rangeQuery(request.query, request.startMs, request.endMs, request.stepSeconds);
        return { ok: true, result };
      } catch (reason) {
        return { ok: false, ...queryFailure(reason, { what, timeoutMs: config.timeout, maxBytes: config.maxBodySize }) };
      }
    },
  };
}
