import type { ClusterHealth, ClusterStatus, FleetHealth, HealthReason, Severity, SourceHealth } from '../../shared/health';
import { CLUSTER_STATUSES } from '../../shared/health';
import { formatDuration } from '../config/duration';
import type { ClusterSnapshot, FleetSnapshot, SourceState } from '../fleet/types';

export interface HealthConfig {
  /** Past this age a cluster's data leaves the reports (Prometheus' lookback delta). */
  staleAfterMs: number;
}

export const DEFAULT_HEALTH_CONFIG: HealthConfig = { staleAfterMs: 5 * 60_000 };

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function sourceHealth(state: SourceState | null): SourceHealth {
  if (!state) return { ok: false, lastSuccess: null, error: null };
  return { ok: state.error === null && state.lastSuccess !== null, lastSuccess: state.lastSuccess, error: state.error };
}

/** Ready and total node counts from kube-state-metrics' kube_node_status_condition. */
export function nodeReadiness(cluster: ClusterSnapshot): { total: number; ready: number } | null {
  const series = cluster.prometheus?.series.get('kube_node_status_condition');
  if (!series) return null;
  const nodes = new Map<string, boolean>();
  for (const sample of series) {
    if (sample.labels.condition !== 'Ready') continue;
    const node = sample.labels.node ?? '';
    const readyNow = sample.labels.status === 'true' && sample.value === 1;
    nodes.set(node, (nodes.get(node) ?? false) || readyNow);
  }
  if (nodes.size === 0) return null;
  return { total: nodes.size, ready: [...nodes.values()].filter(Boolean).length };
}

function sourceReasons(rule: string, label: string, state: SourceState | null, now: number): HealthReason[] {
  if (!state?.error) return [];
  const forMs = now - state.error.since;
  return [{ rule, severity: 'warning', message: `${label} unreachable for ${formatDuration(forMs)}: ${state.error.kind}` }];
}

/** Health of one cluster: status and the reasons behind it, most severe first. */
export function clusterHealth(cluster: ClusterSnapshot, now: number, config: HealthConfig = DEFAULT_HEALTH_CONFIG): ClusterHealth {
  const sources = [cluster.prometheus, cluster.kubernetes].filter((s): s is NonNullable<typeof s> => s !== null);
  const lastSuccess = cluster.prometheus?.lastSuccess ?? cluster.kubernetes?.lastSuccess ?? null;
  const dataAgeMs = lastSuccess === null ? null : now - lastSuccess;
  const reasons: HealthReason[] = [
    ...sourceReasons('prometheus_unreachable', 'Prometheus', cluster.prometheus, now),
    ...sourceReasons('kubernetes_unreachable', 'Kubernetes API', cluster.kubernetes, now),
  ];
  const stale = dataAgeMs !== null && dataAgeMs > config.staleAfterMs;
  const nodes = stale ? null : nodeReadiness(cluster);
  if (nodes && nodes.ready < nodes.total) {
    const notReady = nodes.total - nodes.ready;
    reasons.push({
      rule: 'nodes_not_ready',
      severity: notReady * 2 >= nodes.total ? 'critical' : 'warning',
      message: `${notReady} of ${nodes.total} nodes NotReady`,
    });
  }
  if (stale) reasons.push({ rule: 'data_stale', severity: 'critical', message: `data ${formatDuration(dataAgeMs)} old` });
  reasons.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);

  let status: ClusterStatus;
  if (sources.length > 0 && sources.every((s) => s.error !== null)) status = 'unreachable';
  else if (sources.some((s) => s.lastAttempt === null)) status = reasons.length ? 'degraded' : 'unknown';
  else if (reasons.some((r) => r.severity === 'critical')) status = 'critical';
  else if (reasons.length > 0) status = 'degraded';
  else status = 'healthy';

  return {
    cluster: cluster.name,
    labels: { ...cluster.labels },
    status,
    reasons,
    nodes,
    prometheus: sourceHealth(cluster.prometheus),
    kubernetes: sourceHealth(cluster.kubernetes),
    version: cluster.kubernetes?.version?.gitVersion ?? null,
    dataAgeMs,
  };
}

export function fleetHealth(snapshot: FleetSnapshot, now: number, config: HealthConfig = DEFAULT_HEALTH_CONFIG): FleetHealth {
  const clusters = snapshot.clusters.map((c) => clusterHealth(c, now, config));
  const counts = Object.fromEntries(CLUSTER_STATUSES.map((s) => [s, 0])) as Record<ClusterStatus, number>;
  for (const c of clusters) counts[c.status]++;
  return { generatedAt: now, clusters, counts };
}
