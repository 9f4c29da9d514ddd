import { z } from 'zod';
import { alertsConfig, storeConfig } from './alerts';
import { authConfig } from './auth';
import { httpUrl, labelName, labels } from './common';
import { kubeconfigClusters, kubernetesSource } from './kubernetes';
import { federationConfig, prometheusSource } from './prometheus';
import { remoteWriteList } from './remote-write';
import { reportsConfig } from './reports';
import { shardingConfig } from './sharding';
import { streamConfig } from './stream';
import { wallConfig } from './wall';

const clusterName = z
  .string({ error: 'must be a string' })
  .regex(/^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits, "-", "_" or ".", starting and ending with a letter or digit');

export const clusterConfig = z.strictObject({
  name: clusterName,
  labels: labels.default({}),
  prometheus: prometheusSource.optional(),
  kubernetes: kubernetesSource.optional(),
});
export type ClusterConfig = z.output<typeof clusterConfig>;

export const serverConfig = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  /**
   * The URL users reach fleetscope at (https://fleetscope.example.com), when
   * it is not the listen address: links, cookies (Secure), the OIDC redirect,
   * and the Host check of /ws.
   */
  externalUrl: httpUrl.optional(),
  /** Host names besides externalUrl's that requests and /ws may name (DNS rebinding: anything else is refused). */
  allowedHosts: z.array(z.string().min(1)).default([]),
  /**
   * The Prometheus web configuration file (exporter-toolkit format:
   * tls_server_config, basic_auth_users with bcrypt hashes,
   * http_server_config.headers), as Prometheus' --web.config.file; re-read
   * when it changes.
   */
  webConfigFile: z.string().min(1).optional(),
  stream: streamConfig.prefault({}),
});

export const fleetscopeConfig = z.strictObject({
  server: serverConfig.prefault({}),
  /** Name of the label that carries the cluster name on every series. */
  clusterLabel: labelName.default('cluster'),
  clusters: z.array(clusterConfig).default([]),
  /** Bulk form: every matching kubeconfig context becomes a cluster (see docs/kubernetes.md). */
  kubeconfigClusters: z.array(kubeconfigClusters).default([]),
  /** Fleet-wide /federate scraping settings (docs/federation.md). */
  federation: federationConfig.prefault({}),
  /** Report thresholds, price profiles and the Kubernetes release table (docs/reports.md). */
  reports: reportsConfig.prefault({}),
  /** Alert rules, routing, receivers and delivery (docs/alerts.md). */
  alerts: alertsConfig,
  /** State kept across restarts: alert state, notification outbox, silences. */
  store: storeConfig,
  /** Who may look and who may act (docs/security.md). */
  auth: authConfig.prefault({}),
  /** Prometheus remote-write receivers every federated series is written to (docs/scaling.md#remote-write). */
  remoteWrite: remoteWriteList.default([]),
  /** The wall screen's playlists (docs/web.md#playlists-from-the-config). */
  wall: wallConfig.prefault({}),
  /** Clusters spread over the replicas sharing one PostgreSQL (docs/scaling.md#sharded). */
  sharding: shardingConfig.prefault({}),
});

export type FleetscopeConfig = z.output<typeof fleetscopeConfig>;

/**
 * Checks across entries, run on the raw document so that they are reported
 * together with the schema's own problems (zod skips refinements of an object
 * that already has issues).
 */
export function crossCheck(document: unknown): { path: PropertyKey[]; message: string }[] {
  const clusters = (document as { clusters?: unknown } | null)?.clusters;
  const bulk = (document as { kubeconfigClusters?: unknown } | null)?.kubeconfigClusters;
  if ((clusters === undefined || (Array.isArray(clusters) && clusters.length === 0)) && (bulk === undefined || (Array.isArray(bulk) && bulk.length === 0)))
    return [{ path: ['clusters'], message: 'must list at least one cluster (or kubeconfigClusters)' }];
  const sharding = (document as { sharding?: { enabled?: unknown } } | null)?.sharding;
  const store = (document as { store?: { postgres?: unknown } } | null)?.store;
  const shardingProblems =
    sharding?.enabled === true && (store?.postgres === undefined || store.postgres === null)
      ? [{ path: ['sharding', 'enabled'], message: 'sharding needs store.postgres: the replicas share their members and summaries in PostgreSQL' }]
      : [];
  if (!Array.isArray(clusters)) return shardingProblems;
  const problems: { path: PropertyKey[]; message: string }[] = [...shardingProblems];
  const seen = new Map<string, number>();
  clusters.forEach((cluster: unknown, index) => {
    if (!cluster || typeof cluster !== 'object') return;
    const entry = cluster as Record<string, unknown>;
    if (typeof entry.name === 'string') {
      const first = seen.get(entry.name);
      if (first !== undefined) {
        problems.push({ path: ['clusters', index, 'name'], message: `duplicate cluster name "${entry.name}" (also clusters[${first}].name)` });
      } else seen.set(entry.name, index);
    }
    if (entry.prometheus === undefined && entry.kubernetes === undefined) {
      problems.push({ path: ['clusters', index], message: 'needs at least one of prometheus or kubernetes' });
    }
    const prometheus = entry.prometheus;
    if (prometheus && typeof prometheus === 'object' && 'service' in prometheus && entry.kubernetes === undefined) {
      problems.push({
        path: ['clusters', index, 'prometheus', 'service'],
        message: "reaching Prometheus through the API server needs the cluster's kubernetes settings",
      });
    }
  });
  return problems;
}
