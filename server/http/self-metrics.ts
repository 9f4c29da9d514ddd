import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import { CLUSTER_STATUSES, type FleetHealth } from '../../shared/health';
import type { BuildInfo } from '../build-info';

export interface SelfMetricsOptions {
  readonly build: BuildInfo;
  /** The fleet's health as the wall shows it, read at collect time. */
  readonly health: () => FleetHealth;
}

/**
 * What a team's own Prometheus needs to watch fleetscope and to alert on its
 * view: prom-client's process and Node.js metrics (`process_*`, `nodejs_*`),
 * `fleetscope_build_info` (1, the build in labels, as `prometheus_build_info`)
 * and `fleetscope_cluster_status`, one series per cluster and status with 1 on
 * the current one (the shape of kube-state-metrics' `kube_pod_status_phase`),
 * so `fleetscope_cluster_status{status="unreachable"} == 1` is an alert.
 */
export function registerSelfMetrics(registry: Registry, options: SelfMetricsOptions): void {
  collectDefaultMetrics({ register: registry });
  const { version, revision, branch, nodeVersion } = options.build;
  new Gauge({
    name: 'fleetscope_build_info',
    help: 'A metric with a constant 1 value labelled by the version, revision and branch fleetscope was built from, and the Node.js version it runs on.',
    labelNames: ['version', 'revision', 'branch', 'node_version'],
    registers: [registry],
  }).set({ version, revision, branch, node_version: nodeVersion }, 1);
  new Gauge({
    name: 'fleetscope_cluster_status',
    help: "The cluster's status as fleetscope shows it: 1 for the current status, 0 for the others.",
    labelNames: ['cluster', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of options.health().clusters) for (const status of CLUSTER_STATUSES) this.set({ cluster: c.cluster, status }, c.status === status ? 1 : 0);
    },
  });
}
