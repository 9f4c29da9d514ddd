import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { Endpoint } from './endpoint';
import { ExpositionCache } from './exposition';
import { faultsFor, NO_FAULTS, withFaults, type SimFaults } from './faults';
import { createKubeApi } from './kube/api';
import { KubeAuth } from './kube/auth';
import { KubeControl } from './kube/control';
import { OidcIssuer, type OidcTokenOptions } from './kube/oidc';
import { serviceAccountUserName, type RbacPolicy } from './kube/rbac';
import type { KubeStoreOptions } from './kube/store';
import { LiveCluster } from './live';
import { buildCluster, type SimClusterModel, type SimClusterSpec } from './model';
import { createPrometheusHandler } from './prometheus-server';
import { createSimTls, issueClientCert, type ClientCert, type SimTls } from './tls';
import type { ScrapeTarget } from './metrics/targets';

/** One running simulated cluster: a Prometheus-like endpoint and a Kubernetes API server (HTTPS). */
export interface SimCluster {
  readonly name: string;
  /** The cluster's nodes and pods (change them through `live` or `kube` so every endpoint agrees). */
  readonly model: SimClusterModel;
  readonly live: LiveCluster;
  /** http://127.0.0.1:PORT/federate */
  readonly federateUrl: string;
  /** http://127.0.0.1:PORT/metrics (kube-state-metrics' exposition) */
  readonly metricsUrl: string;
  /** host:port of the Prometheus side (every scrape target answers there). */
  readonly prometheusAddress: string;
  /** The scrape targets a real Prometheus would have for this cluster (see prometheusConfigYaml). */
  prometheusTargets(): ScrapeTarget[];
  /** Base URL of the Kubernetes API (https://127.0.0.1:PORT); '' when started with `prometheusOnly`. */
  readonly apiUrl: string;
  /** The bearer token the API accepts right now (changes on rotateToken). */
  readonly token: string;
  /** PEM of the CA that signed the API server's certificate. */
  readonly caPem: string;
  /** Test-side control of the Kubernetes API: events, nodes, watches, compaction, the emitted record. */
  readonly kube: KubeControl;
  /** Issues a new token (or sets the one given); the old one gets 401 from then on. Returns the new token. */
  rotateToken(next?: string): string;
  /** The user name the bearer token authenticates as (`fleetscope`, or the service account of `rbac`). */
  readonly tokenUser: string;
  /**
   * A client certificate signed by the cluster's CA: the API server
   * authenticates it as `user` (CN) in `groups` (O). Throws with `prometheusOnly`.
   */
  issueClientCert(user: string, groups?: readonly string[]): ClientCert;
  /**
   * An OIDC ID token (RS256 JWT) of the cluster's issuer for `user` (`sub`):
   * the API server authenticates it as `oidc:USER`, for a kubeconfig's
   * `auth-provider: {name: oidc, config: {id-token, idp-issuer-url: oidcIssuer, client-id: oidcClientId}}`.
   * `expiresInS` (default 3600) may be negative; `issuer`/`audience` make a token the server refuses.
   */
  issueOidcToken(user: string, options?: OidcTokenOptions): string;
  /** The issuer URL the API server trusts (`https://127.0.0.1:PORT/oidc`; nothing serves it) and its client id (`kubernetes`). */
  readonly oidcIssuer: string;
  readonly oidcClientId: string;
  /** Users (token, certificate or OIDC) that stay authenticated but get 403 Forbidden on every resource request; [] ends it. */
  setForbidden(users: readonly string[]): void;
  readonly forbidden: readonly string[];
  /** Makes the endpoints (`target`, default both) slow, garbled or cut off until set back to `{ delayMs: 0, response: 'ok' }`. */
  setFaults(faults: Partial<SimFaults>): void;
  readonly faults: SimFaults;
  /** Cluster blackout: both endpoints stop accepting connections (connection refused) until turned off. */
  setBlackout(on: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface SimClusterOptions {
  host?: string;
  /** CA and serving certificate; a fleet shares one (generating one takes ~0.4 s). */
  tls?: SimTls;
  /** Start only the Prometheus side (no HTTPS server): the cheap way to run many clusters for benchmarks. */
  prometheusOnly?: boolean;
  now?: () => number;
  /** History and record sizes of the API server's store, the watch bookmark interval, and whether events.k8s.io/v1 is served (default true). */
  kube?: KubeStoreOptions & { bookmarkIntervalMs?: number; eventsV1?: boolean };
  /** The simulated Prometheus' scrape interval: federated timestamps and counters move in these steps (default 15 s). */
  scrapeIntervalMs?: number;
  /**
   * Build the /federate layout for these match[] selectors at start (about
   * 0.1 s of CPU per 10,000 series), so a benchmark's first scrape round is as
   * cheap as the next ones.
   */
  warmMatch?: readonly string[];
  /**
   * Authorize every API request with these roles and bindings (e.g.
   * `readRbacPolicy('deploy/spoke')`), the bearer token authenticating as
   * `tokenServiceAccount`; without it, every authenticated user may read
   * everything (the deny list of `setForbidden` aside).
   */
  rbac?: { policy: RbacPolicy; tokenServiceAccount: { namespace: string; name: string } };
}

/**
 * The simulated Prometheus as a Service of the cluster, for the API server's
 * service proxy (kube-prometheus' names): GET
 * /api/v1/namespaces/monitoring/services/prometheus-k8s:web/proxy/federate.
 */
export const SIM_PROMETHEUS_SERVICE = { namespace: 'monitoring', name: 'prometheus-k8s', port: 'web', portNumber: 9090 } as const;

/** The /version answer of a control plane at `version` (k8s.io/apimachinery/pkg/version.Info). */
function versionInfo(version: string): Record<string, string> {
  const [major, minor] = version.replace(/^v/, '').split('.');
  return {
    major: major ?? '1',
    minor: minor ?? '0',
    gitVersion: version,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.22.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export async function startSimCluster(spec: SimClusterSpec, options: SimClusterOptions = {}): Promise<SimCluster> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const model = buildCluster(spec, { nowMs: now() });
  const live = new LiveCluster(model);
  const kube = new KubeControl(live, now, options.kube);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let kubeEndpoint: Endpoint | null = null;
  const oidc = new OidcIssuer(() => `https://${urlHost}:${kubeEndpoint?.port ?? 0}/oidc`, 'kubernetes', now);
  const account = options.rbac?.tokenServiceAccount;
  const auth = new KubeAuth({
    token: `sim-${spec.name}-${randomBytes(12).toString('hex')}`,
    // A service account's token authenticates as the account, in its groups (kube-apiserver's serviceaccount authenticator).
    tokenUser: account
      ? {
          name: serviceAccountUserName(account.namespace, account.name),
          groups: ['system:serviceaccounts', `system:serviceaccounts:${account.namespace}`, 'system:authenticated'],
        }
      : { name: 'fleetscope', groups: ['system:authenticated'] },
    oidc,
    rbac: options.rbac?.policy ?? null,
  });
  let faults: SimFaults = { ...NO_FAULTS };
  const cache = new ExpositionCache(live, { scrapeIntervalMs: options.scrapeIntervalMs ?? 15_000 });

  const prometheus = new Endpoint(
    http.createServer(
      withFaults(() => faults, 'prometheus', createPrometheusHandler({ cache, now, truncate: () => faultsFor(faults, 'prometheus').response === 'truncated' })),
    ),
    host,
  );
  if (options.warmMatch?.length) cache.federate(now(), options.warmMatch);
  await prometheus.listen();

  let caPem = '';
  let tls: SimTls | null = null;
  if (!options.prometheusOnly) {
    tls = options.tls ?? createSimTls();
    caPem = tls.caPem;
    const api = createKubeApi({
      store: kube.store,
      version: () => versionInfo(model.spec.version),
      auth,
      services: [
        {
          namespace: SIM_PROMETHEUS_SERVICE.namespace,
          name: SIM_PROMETHEUS_SERVICE.name,
          ports: [{ name: SIM_PROMETHEUS_SERVICE.port, port: SIM_PROMETHEUS_SERVICE.portNumber }],
          endpoint: () => ({ host, port: prometheus.port }),
        },
      ],
      serverAddress: () => `${host}:${kubeEndpoint?.port ?? 0}`,
      now,
      bookmarkIntervalMs: options.kube?.bookmarkIntervalMs,
      eventsV1: options.kube?.eventsV1,
      onRequest: (entry) => kube.logRequest(entry),
      truncate: () => faultsFor(faults, 'kubernetes').response === 'truncated',
    });
    kubeEndpoint = new Endpoint(
      https.createServer(
        // Like kube-apiserver with --client-ca-file: ask for a client certificate, verify it
        // against the CA, but let connections without one (or with a bad one) through to token auth.
        { cert: tls.certPem, key: tls.keyPem, ca: tls.caPem, requestCert: true, rejectUnauthorized: false },
        withFaults(() => faults, 'kubernetes', api),
      ),
      host,
    );
    await kubeEndpoint.listen();
  }
  const endpoints = [prometheus, ...(kubeEndpoint ? [kubeEndpoint] : [])];
  let blackout = false;

  return {
    name: spec.name,
    model,
    live,
    kube,
    caPem,
    federateUrl: `http://${urlHost}:${prometheus.port}/federate`,
    metricsUrl: `http://${urlHost}:${prometheus.port}/metrics`,
    prometheusAddress: `${urlHost}:${prometheus.port}`,
    prometheusTargets: () => cache.targets(),
    apiUrl: kubeEndpoint ? `https://${urlHost}:${kubeEndpoint.port}` : '',
    get token() {
      return auth.token;
    },
    rotateToken(next) {
      auth.token = next ?? `sim-${spec.name}-${randomBytes(12).toString('hex')}`;
      return auth.token;
    },
    tokenUser: auth.tokenUser.name,
    issueClientCert(user, groups = []) {
      if (!tls) throw new Error(`${spec.name}: started with prometheusOnly, it has no API server to issue client certificates for`);
      return issueClientCert(tls, user, groups);
    },
    issueOidcToken(user, tokenOptions) {
      if (!kubeEndpoint) throw new Error(`${spec.name}: started with prometheusOnly, it has no API server to issue OIDC tokens for`);
      return oidc.mint(user, tokenOptions);
    },
    get oidcIssuer() {
      return kubeEndpoint ? oidc.issuer : '';
    },
    oidcClientId: oidc.clientId,
    setForbidden(users) {
      auth.setForbidden(users);
    },
    get forbidden() {
      return auth.forbidden;
    },
    get faults() {
      return faults;
    },
    setFaults(next) {
      faults = { ...faults, ...next };
    },
    async setBlackout(on) {
      if (on === blackout) return;
      blackout = on;
      if (on) await Promise.all(endpoints.map((e) => e.close()));
      else await Promise.all(endpoints.map((e) => e.listen()));
    },
    async close() {
      kube.closeWatches();
      await Promise.all(endpoints.map((e) => e.close()));
    },
  };
}
