import type { SparkPoint } from '../../shared/protocol';
import type { ClusterSnapshot } from '../fleet/types';

/**
 * The value a tile's sparkline follows: pods in phase Running, from
 * kube-state-metrics' kube_pod_status_phase. Null when the cluster has no such
 * series (then the tile shows no sparkline rather than a line at zero).
 */
export function runningPodsPoint(cluster: ClusterSnapshot, at: number): SparkPoint | null {
  const series = cluster.prometheus?.series.get('kube_pod_status_phase');
  if (!series || !cluster.prometheus?.lastSuccess) return null;
  let running = 0;
  for (const sample of series) if (sample.labels.phase === 'Running') running += sample.value;
  return { t: cluster.prometheus.lastSuccess ?? at, v: running };
}
