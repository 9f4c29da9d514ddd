import type { SparkPoint } from '../../shared/protocol';
import type { ClusterSnapshot } from '../fleet/types';
import { deriveFrom } from '../sources/federate/sample';

/**
 * The value a tile's sparkline follows: pods in phase Running, from
 * kube-state-metrics' kube_pod_status_phase. Null when the cluster has no such
 * series (then the tile shows no sparkline rather than a line at zero).
 */
export function runningPodsPoint(cluster: ClusterSnapshot, at: number): SparkPoint | null {
  const series = cluster.prometheus?.series;
  if (!series || !cluster.prometheus?.lastSuccess) return null;
  const count = () => {
    const samples = series.get('kube_pod_status_phase');
    if (!samples) return null;
    let running = 0;
    for (const sample of samples) if (sample.labels.phase === 'Running') running += sample.value;
    return running;
  };
  // Kept across scrapes while kube_pod_status_phase does not change (see FederatedSeries.derive).
  const running = deriveFrom(series, 'runningPods', ['kube_pod_status_phase'], count);
  return running === null ? null : { t: cluster.prometheus.lastSuccess ?? at, v: running };
}
