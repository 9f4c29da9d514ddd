import { z } from 'zod';
import { duration, httpUrl } from './common';

/**
 * What the reports need; a real Prometheus answers /federate only for the
 * selectors asked, so the defaults name every series a report reads.
 */
export const DEFAULT_MATCH: readonly string[] = [
  '{__name__=~"kube_.+"}',
  '{__name__=~"container_cpu_usage_seconds_total|container_memory_working_set_bytes"}',
  '{__name__=~"kubernetes_build_info|up|ALERTS"}',
  // The companions the hygiene report checks (server/inventory/metrics.ts COMPANION_METRICS).
  '{__name__=~"velero_backup_.+|argocd_app_info|gotk_reconcile_condition|gotk_suspend_status|gotk_resource_info|certmanager_certificate_.+"}',
  '{__name__=~"etcd_server_has_leader|etcd_server_leader_changes_seen_total|etcd_server_quota_backend_bytes|etcd_mvcc_db_total_size_in_bytes|etcd_disk_wal_fsync_duration_seconds_bucket"}',
  '{__name__=~"cilium_unreachable_nodes|cilium_endpoint_state|istio_build|pilot_total_xds_rejects|pilot_xds_pushes|gatekeeper_.+|apiserver_requested_deprecated_apis"}',
];

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * What one scrape may hold, named as Prometheus' scrape_config names them
 * (sample_limit, label_limit, label_name_length_limit,
 * label_value_length_limit; 0: no limit). Prometheus has no limit by default;
 * fleetscope keeps every cluster in one shared process, so its defaults are
 * bounded: docs/configuration.md says what each bounds in memory.
 */
export interface ScrapeLimits {
  readonly sampleLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
}

export const DEFAULT_SCRAPE_LIMITS: ScrapeLimits = { sampleLimit: 200_000, labelLimit: 64, labelNameLengthLimit: 256, labelValueLengthLimit: 4096 };

const scrapeLimit = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 (no limit) or more');

const BYTE_UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const BYTE_SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)$/;

const BYTE_SIZE_MESSAGE = 'must be a size like 64MiB, 500KB or a number of bytes';

/** A size in bytes: a whole number, or a string like "64MiB", "500KB". */
export const byteSize = z.union([z.number(), z.string()], { error: BYTE_SIZE_MESSAGE }).transform((value, ctx) => {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value > 0) return value;
  } else {
    const [, amount, unit] = BYTE_SIZE.exec(value.trim()) ?? [];
    if (amount !== undefined && unit !== undefined) return Math.round(Number(amount) * (BYTE_UNITS[unit] ?? 1));
  }
  ctx.addIssue({ code: 'custom', message: BYTE_SIZE_MESSAGE });
  return z.NEVER;
});

const file = z.string({ error: 'must be a file path' }).min(1, 'must be a file path');

/** Kubernetes names of namespaces and services (DNS-1123 labels). */
const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes name (lower-case letters, digits and "-")');

/** Prometheus reached through the API server's service proxy, with the cluster's Kubernetes credentials. */
const serviceProxy = z.strictObject({
  namespace: dnsLabel,
  name: dnsLabel,
  /** Port number or port name of the Service. */
  port: z.union([z.number().int().min(1).max(65535), dnsLabel], { error: 'must be a port number or a port name' }),
  /** Scheme the proxy uses towards the Service. */
  scheme: z.enum(['http', 'https']).default('http'),
  /** Path of the federation endpoint behind the Service (a Prometheus with --web.route-prefix needs it). */
  path: z.string().regex(/^\//, 'must start with "/"').default('/federate'),
});

const basicAuth = z.strictObject({
  username: z.string().min(1),
  /** A secret: never logged, never sent to the browser. */
  password: z.string().optional(),
  /** File holding the password, re-read when it changes. */
  passwordFile: file.optional(),
});

const tls = z.strictObject({
  /** PEM of the CA that signed Prometheus' certificate (default: the system's CAs). */
  caFile: file.optional(),
  /** Client certificate and key (PEM) for mutual TLS. */
  certFile: file.optional(),
  keyFile: file.optional(),
  /** Skip certificate verification. Off by default; warned about in the logs. */
  insecureSkipVerify: z.boolean().default(false),
});

/** How fleetscope reaches one cluster's Prometheus federation endpoint. */
export const prometheusSource = z
  .strictObject({
    /** Full URL of /federate, e.g. http://prometheus.prod-eu:9090/federate. */
    url: httpUrl.optional(),
    /** Or: a Prometheus Service reached through the cluster's API server (needs `kubernetes`). */
    service: serviceProxy.optional(),
    interval: duration.default(15_000),
    timeout: duration.default(10_000),
    /** Series selectors sent as `match[]`. */
    match: z
      .array(z.string().min(1, 'must be a series selector such as {job="kube-state-metrics"}'))
      .min(1, 'must list at least one selector')
      .default([...DEFAULT_MATCH]),
    /** Decoded body size past which a scrape stops reading and fails with too_large. */
    maxBodySize: byteSize.default(DEFAULT_MAX_BODY_BYTES),
    /** This cluster's scrape limits (ScrapeLimits); each one not given is the fleet's (`federation`). */
    sampleLimit: scrapeLimit.optional(),
    labelLimit: scrapeLimit.optional(),
    labelNameLengthLimit: scrapeLimit.optional(),
    labelValueLengthLimit: scrapeLimit.optional(),
    /** Bearer token (a secret: never logged, never sent to the browser). */
    bearerToken: z.string().min(1).optional(),
    /** File holding the bearer token, re-read when it changes (projected service-account tokens rotate). */
    bearerTokenFile: file.optional(),
    basicAuth: basicAuth.optional(),
    tls: tls.optional(),
    /** A series that already carries the cluster label: `rename` a different value to exported_<label> and drop one equal to the cluster's name (default), or `keep` it. */
    existingClusterLabel: z.enum(['rename', 'keep']).default('rename'),
    /** Past this age without a successful scrape, the cluster's series leave the reports and /federate. */
    staleAfter: duration.default(5 * 60_000),
    /**
     * Base URL of the Prometheus HTTP API for /api/v1/query fan-out; default:
     * `url` without its /federate path, or the service proxy for `service`.
     */
    queryUrl: httpUrl.optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.url === undefined) === (value.service === undefined))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'give exactly one of url or service' });
    const auths = (['bearerToken', 'bearerTokenFile', 'basicAuth'] as const).filter((key) => value[key] !== undefined);
    if (auths.length > 1) ctx.addIssue({ code: 'custom', path: [auths[1] ?? 'basicAuth'], message: `use only one of ${auths.join(', ')}` });
    if (value.basicAuth && (value.basicAuth.password === undefined) === (value.basicAuth.passwordFile === undefined))
      ctx.addIssue({ code: 'custom', path: ['basicAuth', 'password'], message: 'give exactly one of password or passwordFile' });
    if (value.tls && (value.tls.certFile === undefined) !== (value.tls.keyFile === undefined))
      ctx.addIssue({ code: 'custom', path: ['tls', value.tls.certFile ? 'keyFile' : 'certFile'], message: 'certFile and keyFile go together' });
    if (value.service && (value.bearerToken || value.bearerTokenFile || value.basicAuth || value.tls))
      ctx.addIssue({
        code: 'custom',
        path: ['service'],
        message: "service uses the cluster's Kubernetes credentials; bearerToken, basicAuth and tls do not apply",
      });
    if (value.timeout > value.interval) ctx.addIssue({ code: 'custom', path: ['timeout'], message: 'must not be longer than interval' });
  });
export type PrometheusSourceConfig = z.output<typeof prometheusSource>;

/** Fleet-wide federation settings (top-level `federation`). */
export const federationConfig = z.strictObject({
  /** Most /federate scrapes in flight at once, across all clusters. */
  concurrency: z.number().int('must be a whole number').min(1).max(1000).default(16),
  /**
   * Most series the fleet's scrapes hold together; a scrape that would take
   * the fleet past it is refused (over_budget). Default: sized to the
   * machine's memory (docs/federation.md).
   */
  maxSeries: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more').optional(),
  /** The scrape limits of every cluster that does not set its own (as Prometheus' `global` does for its scrape configs). */
  sampleLimit: scrapeLimit.default(DEFAULT_SCRAPE_LIMITS.sampleLimit),
  labelLimit: scrapeLimit.default(DEFAULT_SCRAPE_LIMITS.labelLimit),
  labelNameLengthLimit: scrapeLimit.default(DEFAULT_SCRAPE_LIMITS.labelNameLengthLimit),
  labelValueLengthLimit: scrapeLimit.default(DEFAULT_SCRAPE_LIMITS.labelValueLengthLimit),
});
export type FederationConfig = z.output<typeof federationConfig>;

/** One cluster's scrape limits: its own where it sets them, else the fleet's. */
export function scrapeLimitsOf(cluster: PrometheusSourceConfig, fleet: ScrapeLimits): ScrapeLimits {
  return {
    sampleLimit: cluster.sampleLimit ?? fleet.sampleLimit,
    labelLimit: cluster.labelLimit ?? fleet.labelLimit,
    labelNameLengthLimit: cluster.labelNameLengthLimit ?? fleet.labelNameLengthLimit,
    labelValueLengthLimit: cluster.labelValueLengthLimit ?? fleet.labelValueLengthLimit,
  };
}
