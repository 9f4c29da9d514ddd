import type { ScrapedSeries } from '../fleet/series';
import { METRICS } from './metrics';
import type { FiringAlert, Storage, Target } from './types';

/** The cluster Prometheus' scrape targets (`up`); null when not federated. */
export function targets(series: ScrapedSeries): readonly Target[] | null {
  const up = series.get(METRICS.up);
  return up
    ? up.map((s) => ({
        job: s.labels.job ?? '',
        instance: s.labels.instance ?? '',
        pod: s.labels.pod ?? s.labels.kubernetes_pod_name ?? '',
        up: s.value !== 0,
      }))
    : null;
}

/** `ALERTS{alertstate="firing"} 1`, each without its alertstate label. */
export function firingAlerts(series: ScrapedSeries): readonly FiringAlert[] {
  const out: FiringAlert[] = [];
  for (const s of series.get(METRICS.alerts) ?? []) {
    if (s.value !== 1 || s.labels.alertstate !== 'firing') continue;
    const { alertstate: _state, ...labels } = s.labels;
    out.push({ labels });
  }
  return out;
}

/** Persistent volume claims' requests and volumes' capacity (kube-state-metrics). */
export function storage(series: ScrapedSeries): Storage {
  const claims =
    series.get(METRICS.claimRequests)?.map((s) => ({ namespace: s.labels.namespace ?? '', claim: s.labels.persistentvolumeclaim ?? '', bytes: s.value })) ??
    null;
  const volumes = series.get(METRICS.volumeCapacity)?.map((s) => s.value) ?? null;
  return { claims, volumes };
}
