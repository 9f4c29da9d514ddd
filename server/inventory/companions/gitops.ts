import type { Labels, ScrapedSeries } from '../../fleet/series';
import { COMPANION_METRICS as M, ownLabel } from '../metrics';
import type { ArgoApplication, FluxResource } from '../types';

/** Argo CD's applications (argocd_app_info, one series per Application); null when not federated. */
export function readArgoApplications(series: ScrapedSeries): readonly ArgoApplication[] | null {
  const samples = series.get(M.argoApp);
  if (!samples) return null;
  const seen = new Set<string>();
  const out: ArgoApplication[] = [];
  for (const s of samples) {
    const app: ArgoApplication = {
      name: s.labels.name ?? '',
      namespace: ownLabel(s.labels, 'namespace'),
      project: s.labels.project ?? '',
      destServer: s.labels.dest_server ?? '',
      destNamespace: s.labels.dest_namespace ?? '',
      syncStatus: s.labels.sync_status ?? 'Unknown',
      healthStatus: s.labels.health_status ?? 'Unknown',
    };
    const key = `${app.namespace}/${app.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(app);
  }
  return out;
}

const conditionOf = (status: string | undefined): boolean | null =>
  status === 'True' || status === 'true' ? true : status === 'False' || status === 'false' ? false : null;

interface FluxEntry {
  kind: string;
  name: string;
  namespace: string;
  ready: boolean | null;
  suspended: boolean;
}

/**
 * Flux's objects: the controllers' own gotk_reconcile_condition (value 1 on
 * the status that holds, type="Ready") and gotk_suspend_status, and the
 * newer gotk_resource_info (kube-state-metrics' custom resource state, as
 * the flux2-monitoring-example configures it: customresource_kind, ready,
 * suspended), which wins where both name an object. Null when none is federated.
 */
export function readFlux(series: ScrapedSeries): readonly FluxResource[] | null {
  const conditions = series.get(M.fluxCondition);
  const suspends = series.get(M.fluxSuspend);
  const infos = series.get(M.fluxResource);
  if (!conditions && !suspends && !infos) return null;
  const byKey = new Map<string, FluxEntry>();
  const entry = (kind: string, labels: Labels): FluxEntry => {
    const name = labels.name ?? '';
    const namespace = ownLabel(labels, 'namespace');
    const key = `${kind}/${namespace}/${name}`;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { kind, name, namespace, ready: null, suspended: false }));
    return e;
  };
  for (const s of conditions ?? []) {
    if (s.labels.type !== 'Ready' || s.value !== 1) {
      entry(s.labels.kind ?? '', s.labels);
      continue;
    }
    if (s.labels.status === 'Deleted') continue;
    entry(s.labels.kind ?? '', s.labels).ready = conditionOf(s.labels.status);
  }
  for (const s of suspends ?? []) if (s.value === 1) entry(s.labels.kind ?? '', s.labels).suspended = true;
  for (const s of infos ?? []) {
    const e = entry(s.labels.customresource_kind ?? s.labels.kind ?? s.labels.type ?? '', s.labels);
    e.ready = conditionOf(s.labels.ready);
    e.suspended = s.labels.suspended === 'true';
  }
  return [...byKey.values()];
}
