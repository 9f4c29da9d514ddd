import type http from 'node:http';
import https from 'node:https';
import { PrometheusDriver, type QueryResult } from 'prometheus-query';
import type { PrometheusSourceConfig } from '../../config/schema/prometheus';
import type { ClusterKubeConfig } from '../kube/kubeconfig';
import { createUrlAuth } from './credentials';
import type { ClusterLabelling } from './labelling';
import { serviceProxyPath } from './scrape';

/** One cluster's Prometheus HTTP API, for query fan-out. */
export interface QueryTarget {
  readonly cluster: string;
  readonly labelling: ClusterLabelling;
  instant(query: string, timeMs: number): Promise<QueryResult>;
  range(query: string, startMs: number, endMs: number, stepSeconds: number): Promise<QueryResult>;
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
  const driver = new PrometheusDriver({
    endpoint,
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
        return request;
      },
    },
  });
  return {
    cluster: options.cluster,
    labelling: { label: options.clusterLabel, cluster: options.cluster, existing: config.existingClusterLabel },
    instant: (query, timeMs) => driver.instantQuery(query, timeMs),
    range: (query, startMs, endMs, stepSeconds) => driver.rangeQuery(query, startMs, endMs, stepSeconds),
  };
}
