import type { ScrapedSeries } from '../fleet/series';
import { METRICS } from './metrics';
import type { ControlPlaneComponent } from './types';

/** The control-plane component a kubernetes_build_info series belongs to, by its job label. */
function componentOfJob(job: string): ControlPlaneComponent['component'] | null {
  if (/apiserver/.test(job)) return 'kube-apiserver';
  if (/controller-manager/.test(job)) return 'kube-controller-manager';
  if (/scheduler/.test(job)) return 'kube-scheduler';
  return null;
}

/** API servers, controller-managers and schedulers by their kubernetes_build_info, in its order. */
export function controlPlane(series: ScrapedSeries): readonly ControlPlaneComponent[] {
  const out: ControlPlaneComponent[] = [];
  for (const s of series.get(METRICS.buildInfo) ?? []) {
    const component = componentOfJob(s.labels.job ?? '');
    const gitVersion = s.labels.git_version ?? '';
    if (component && gitVersion) out.push({ component, subject: s.labels.instance ?? s.labels.job ?? '', gitVersion });
  }
  return out;
}
