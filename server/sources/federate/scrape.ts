import http from 'node:http';
import type https from 'node:https';
import type { SourceError } from '../../../shared/errors';
import { DEFAULT_SCRAPE_LIMITS, scrapeLimitsOf, type PrometheusSourceConfig, type ScrapeLimits } from '../../config/schema/prometheus';
import type { PrometheusScrape } from '../../fleet/inputs';
import type { BodyLease, BodyPool } from '../body-pool';
import { httpGet, type HttpGetResult } from '../http/get';
import { KUBE_TLS_SETTINGS } from '../http/network-error';
import { safeUrl } from '../http/safe-url';
import type { ClusterKubeConfig } from '../kube/kubeconfig';
import type { SeriesBudget } from './budget';
import { createUrlAuth, type AuthResult } from './credentials';
import type { Limiter } from './limiter';
import { readScrape } from './read-scrape';
import type { FederatedSeries } from './series';

/** A scrape whose series are the federation source's own (the next scrape is scanned against them). */
export interface FederateData extends PrometheusScrape {
  readonly series: FederatedSeries;
}

export type FederateOutcome = { ok: true; data: FederateData } | { ok: false; error: SourceError };

/** Text format only: see docs/federation.md for why protobuf is not asked for. */
const ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';

export function federateUrl(base: string, match: readonly string[]): string {
  const url = new URL(base);
  for (const selector of match) url.searchParams.append('match[]', selector);
  return url.toString();
}

/** The API server path that proxies to a Service: /api/v1/namespaces/NS/services/[https:]NAME:PORT/proxy/PATH. */
export function serviceProxyPath(service: NonNullable<PrometheusSourceConfig['service']>): string {
  const scheme = service.scheme === 'https' ? 'https:' : '';
  return `/api/v1/namespaces/${encodeURIComponent(service.namespace)}/services/${scheme}${encodeURIComponent(service.name)}:${service.port}/proxy${service.path}`;
}

export interface FederateScraperOptions {
  cluster: string;
  config: PrometheusSourceConfig;
  /** Name of the fleet's cluster label. */
  clusterLabel: string;
  /** The cluster's Kubernetes connection; required when the config uses `service`. */
  kube?: ClusterKubeConfig | null;
  /** The fleet-wide limit on scrapes in flight. */
  limiter: Limiter;
  /** Buffers shared by the fleet's scrapes for their bodies; absent: a new buffer per body. */
  bodies?: BodyPool;
  /** The fleet's scrape limits, for those the cluster's config does not set (default DEFAULT_SCRAPE_LIMITS). */
  fleetLimits?: ScrapeLimits;
  /** The fleet-wide series budget the scrape's series are claimed from; absent: none. */
  budget?: SeriesBudget;
}

/**
 * Builds the scrape of one cluster: each call GETs its /federate (directly or
 * through the API server's service proxy), within the fleet-wide limit, and
 * returns the scanned series or an error of a fixed kind: a body over the
 * cluster's scrape limits is refused (limit_exceeded), and so is one whose
 * series the fleet's budget cannot take (over_budget). Never throws.
 */
export function createFederateScraper(options: FederateScraperOptions): () => Promise<FederateOutcome> {
  const { config } = options;
  const labelling = { label: options.clusterLabel, cluster: options.cluster, existing: config.existingClusterLabel };
  const limits = scrapeLimitsOf(config, options.fleetLimits ?? DEFAULT_SCRAPE_LIMITS);
  const budget = options.budget;
  let target: { url: string; auth: () => Promise<AuthResult> };
  if (config.service) {
    const kube = options.kube;
    const base = (kube?.server ?? 'http://kubernetes.invalid').replace(/\/$/, '');
    target = {
      url: federateUrl(base + serviceProxyPath(config.service), config.match),
      auth: async () => {
        if (!kube)
          return { ok: false, error: { kind: 'unauthorized', message: `${options.cluster}: prometheus.service needs the cluster's kubernetes settings` } };
        const request: https.RequestOptions = { headers: {} };
        try {
          await kube.kc.applyToHTTPSOptions(request);
        } catch (error) {
          return {
            ok: false,
            error: { kind: 'unauthorized', message: `cannot get Kubernetes credentials: ${error instanceof Error ? error.message : String(error)}` },
          };
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers ?? {})) if (typeof value === 'string') headers[name.toLowerCase()] = value;
        return { ok: true, value: { headers, auth: request.auth ?? undefined, agent: request.agent instanceof http.Agent ? request.agent : undefined } };
      },
    };
  } else {
    target = { url: federateUrl(config.url ?? '', config.match), auth: createUrlAuth(config) };
  }

  let previous: FederatedSeries | null = null;
  // The pooled buffer holding `previous`'s body, if it is one.
  let previousLease: BodyLease | null = null;
  const what = `GET ${safeUrl(target.url)}`;

  const scan = (response: HttpGetResult, lease: BodyLease | null): FederateOutcome => {
    if (!response.ok) return { ok: false, error: response.error };
    const type = String(response.headers['content-type'] ?? '').toLowerCase();
    if (type.includes('html') || response.body[0] === 0x3c)
      return {
        ok: false,
        error: { kind: 'bad_response', message: `${what}: answered an HTML page, not the Prometheus text format (a login page or a wrong URL?)` },
      };
    if (type.includes('protobuf') || type.includes('openmetrics'))
      return { ok: false, error: { kind: 'bad_response', message: `${what}: answered ${type}, not the Prometheus text format` } };
    const read = readScrape(response.body, { labelling, previous, lease, limits });
    if (!read.ok)
      return {
        ok: false,
        error: {
          kind: read.kind,
          message: read.kind === 'bad_response' ? `${what}: not the Prometheus text format: ${read.message}` : `${what}: ${read.message}`,
        },
      };
    const series = read.series;
    // Claimed here, in the synchronous step that makes the scrape the cluster's (see SeriesBudget).
    const claim = budget?.claim(options.cluster, series.sampleCount);
    if (budget && claim && !claim.ok)
      return { ok: false, error: { kind: 'over_budget', message: `${what}: ${overBudget(series.sampleCount, claim.total, budget)}` } };
    return { ok: true, data: { series, samples: series.sampleCount, bytes: response.body.length, duplicates: series.duplicates } };
  };

  return () =>
    options.limiter.run(async (): Promise<FederateOutcome> => {
      const auth = await target.auth();
      if (!auth.ok) return auth;
      // Room for the last body and a little more; the first body (size unknown) gets a buffer of its own.
      const lease = previous && options.bodies ? options.bodies.take(Math.ceil(previous.body.length * 1.05) + 64 * 1024) : null;
      const response = await httpGet({
        url: target.url,
        timeoutMs: config.timeout,
        maxBytes: config.maxBodySize,
        headers: { ...auth.value.headers, accept: ACCEPT },
        tls: auth.value.tls,
        // Through the service proxy, TLS is the API server's: its failures name the kubeconfig's settings.
        tlsSettings: config.service ? KUBE_TLS_SETTINGS : undefined,
        agent: auth.value.agent,
        auth: auth.value.auth,
        into: lease?.buffer,
      });
      // A body longer than the lease's buffer was decoded into a new one.
      const used = lease !== null && response.ok && response.body.buffer === lease.buffer.buffer ? lease : null;
      if (lease !== used) lease?.release();
      const outcome = scan(response, used);
      if (!outcome.ok) {
        used?.release();
        return outcome;
      }
      const retired = previousLease;
      previous = outcome.data.series;
      previousLease = used;
      // The old body goes back once the new scrape is the cluster's data. The poller puts it there in this
      // same chain of promise callbacks, which all run before an immediate; after that only a holder
      // (FederatedSeries.hold) reads the old body, and a held buffer waits for it.
      if (retired) setImmediate(() => retired.release());
      return outcome;
    });
}

function overBudget(series: number, total: number, budget: SeriesBudget): string {
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    `federation.maxSeries: this scrape's ${count(series)} series would bring the fleet to ${count(total)}, ` + `more than its budget of ${count(budget.max)}`
  );
}
