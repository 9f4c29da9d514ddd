import type { Labels, ScrapedSeries } from '../fleet/series';
import { METRICS } from './metrics';
import type { ControlPlaneComponent } from './types';

type Component = ControlPlaneComponent['component'];

/**
 * The labels that name what a kubernetes_build_info series was scraped
 * from, in the order they are trusted. `job` is the scrape job; a cluster
 * Prometheus federated without `honor_labels` moves it to `exported_job`;
 * ServiceMonitor and pod-annotation setups carry the Service's or pod's
 * `component`, `service`, `k8s_app`, `app_kubernetes_io_name`, `app` or
 * `container`.
 */
export const COMPONENT_LABELS = [
  'job',
  'exported_job',
  'component',
  'exported_component',
  'service',
  'exported_service',
  'k8s_app',
  'app_kubernetes_io_name',
  'app',
  'container',
] as const;

function componentOfName(name: string): Component | null {
  if (/apiserver/.test(name)) return 'kube-apiserver';
  if (/controller-manager/.test(name)) return 'kube-controller-manager';
  if (/scheduler/.test(name)) return 'kube-scheduler';
  return null;
}

/**
 * The control-plane component a kubernetes_build_info series belongs to: the
 * first of COMPONENT_LABELS naming one, else the `kubernetes` Service of
 * `default`, which is always the API server.
 */
function componentOf(labels: Labels): Component | null {
  for (const label of COMPONENT_LABELS) {
    const value = labels[label];
    const component = value ? componentOfName(value) : null;
    if (component) return component;
  }
  if (labels.service === 'kubernetes' && labels.namespace === 'default') return 'kube-apiserver';
  return null;
}

/** API servers, controller-managers and schedulers by their kubernetes_build_info, in its order. */
export function controlPlane(series: ScrapedSeries): readonly ControlPlaneComponent[] {
  const out: ControlPlaneComponent[] = [];
  for (const s of series.get(METRICS.buildInfo) ?? []) {
    const component = componentOf(s.labels);
    const gitVersion = s.labels.git_version ?? '';
    if (component && gitVersion) out.push({ component, subject: s.labels.instance ?? s.labels.job ?? s.labels.exported_job ?? '', gitVersion });
  }
  return out;
}
