import type { SimClusterModel } from '../model';
import { buildInfoFamily, cadvisorFamilies, ksmFamilies, nodeExporterFamilies, type Family, type Labels } from './families';

/**
 * One scrape target of the cluster's (simulated) Prometheus: what a real
 * Prometheus would scrape, and where on the simulator's port it answers.
 * A real Prometheus pointed at `path?params` with `job`, `instance` and
 * `labels` as target labels stores exactly what the simulator's /federate shows.
 */
export interface ScrapeTarget {
  job: string;
  instance: string;
  /** Path on the simulator's Prometheus port. */
  path: string;
  /** Query parameters of the scrape (Prometheus' `params`). */
  params: Record<string, string>;
  /** Target labels besides job and instance (what service discovery would attach). */
  labels: Labels;
  /** false: the target answers 503 (its node is down); `up` is 0. */
  up: boolean;
  /** Its samples move with time (cAdvisor counters). */
  timeDependent: boolean;
  families(): Family[];
}

/** Every target of the cluster: kube-state-metrics, control plane, and per node the kubelet's cAdvisor and a node-exporter. */
export function scrapeTargets(model: SimClusterModel): ScrapeTarget[] {
  const controlPlaneIp = '10.250.255.1';
  const version = model.spec.version;
  const targets: ScrapeTarget[] = [
    {
      job: 'kube-state-metrics',
      instance: 'kube-state-metrics:8080',
      path: '/metrics',
      params: {},
      labels: {},
      up: true,
      timeDependent: false,
      families: () => ksmFamilies(model),
    },
    {
      job: 'apiserver',
      instance: `${controlPlaneIp}:6443`,
      path: '/metrics/apiserver',
      params: {},
      labels: {},
      up: true,
      timeDependent: false,
      families: () => [buildInfoFamily(version)],
    },
    {
      job: 'kube-controller-manager',
      instance: `${controlPlaneIp}:10257`,
      path: '/metrics/kube-controller-manager',
      params: {},
      labels: {},
      up: true,
      timeDependent: false,
      families: () => [buildInfoFamily(version)],
    },
    {
      job: 'kube-scheduler',
      instance: `${controlPlaneIp}:10259`,
      path: '/metrics/kube-scheduler',
      params: {},
      labels: {},
      up: true,
      timeDependent: false,
      families: () => [buildInfoFamily(version)],
    },
  ];
  for (const node of model.nodes) {
    targets.push({
      job: 'kubelet',
      instance: `${node.internalIP}:10250`,
      path: '/metrics/cadvisor',
      params: { node: node.name },
      labels: { metrics_path: '/metrics/cadvisor', node: node.name },
      up: node.ready,
      timeDependent: true,
      families: () => cadvisorFamilies(model, node.name),
    });
    targets.push({
      job: 'node-exporter',
      instance: `${node.internalIP}:9100`,
      path: '/metrics/node-exporter',
      params: { node: node.name },
      labels: { node: node.name },
      up: node.ready,
      timeDependent: false,
      families: () => nodeExporterFamilies(node),
    });
  }
  return targets;
}
