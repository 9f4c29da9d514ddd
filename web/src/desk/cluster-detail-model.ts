import type { ClusterDetail } from '../../../shared/cluster-detail';
import type { CostHistory } from '../../../shared/reports/cost-history';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const hasItems = (v: unknown) => isObject(v) && Array.isArray(v.items);

/** The shape check of GET /api/clusters/NAME. */
export function isClusterDetail(value: unknown): value is ClusterDetail {
  return isObject(value) && isObject(value.health) && hasItems(value.nodes) && hasItems(value.failingPods);
}

/** The shape check of GET /api/reports/cost/history. */
export function isCostHistory(value: unknown): value is CostHistory {
  return isObject(value) && Array.isArray(value.fleet) && Array.isArray(value.clusters);
}

/** "2 of 10 NotReady" or "all 10 Ready", for the nodes table's heading. */
export function nodesSummary(detail: ClusterDetail): string {
  const items = detail.nodes.items;
  const notReady = items.filter((n) => !n.ready).length;
  if (items.length === 0) return 'none listed';
  return notReady ? `${notReady} of ${items.length} NotReady` : `all ${items.length} Ready`;
}

/** Where the node list came from, in words. */
export function nodesSource(detail: ClusterDetail): string {
  if (detail.nodes.source === 'kubernetes-api') return 'from the Kubernetes API node watch';
  if (detail.nodes.source === 'kube-state-metrics') return 'from kube-state-metrics (kube_node_info, kube_node_status_condition)';
  return 'no source available';
}
