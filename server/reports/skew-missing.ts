import type { MissingInput } from '../../shared/reports/common';
import { METRICS } from '../inventory/metrics';
import type { ClusterInventory } from '../inventory/types';

/** How the inventory recognises a component's kubernetes_build_info (see COMPONENT_LABELS), in words. */
const RECOGNISED_BY = 'a job, exported_job, component, service, k8s_app, app or container label naming it';

/** Why the Kubernetes API gave no /version, in words. */
function kubernetesReason(inventory: ClusterInventory): string {
  const kube = inventory.kubernetes;
  if (!kube) return 'no Kubernetes API configured';
  if (kube.error && kube.lastSuccess === null) return `Kubernetes API failing (${kube.error.kind}: ${kube.error.message})`;
  if (kube.lastSuccess === null) return 'no /version answer yet';
  return 'no /version in the Kubernetes API answers';
}

/** Why no kubernetes_build_info of `component` was read, in words: not federated (and why), or federated without one. */
function buildInfoReason(inventory: ClusterInventory, component: string): string {
  if (!inventory.federates(METRICS.buildInfo)) return inventory.missing(METRICS.buildInfo, `no ${METRICS.buildInfo}`).effect;
  return `${METRICS.buildInfo} is federated, but none of its series is from ${component} (${RECOGNISED_BY})`;
}

/** The note for an API server whose version neither /version nor kubernetes_build_info gave. */
export function apiServerVersionMissing(inventory: ClusterInventory): MissingInput {
  return {
    input: 'Kubernetes API /version',
    effect: `kube-apiserver version unknown (${kubernetesReason(inventory)}; ${buildInfoReason(inventory, 'a kube-apiserver')}): skew and end of life not checked`,
  };
}

/** The note for a cluster without a controller-manager's or scheduler's kubernetes_build_info. */
export function controlPlaneMissing(inventory: ClusterInventory): MissingInput {
  const effect = 'kube-controller-manager and kube-scheduler versions not checked';
  if (!inventory.federates(METRICS.buildInfo)) return inventory.missing(METRICS.buildInfo, effect);
  return { input: METRICS.buildInfo, effect: `${effect} (${buildInfoReason(inventory, 'a kube-controller-manager or kube-scheduler')})` };
}
