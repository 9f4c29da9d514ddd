import { FAILING_PODS_LIMIT, type ClusterDetail, type FailingPodRow, type NodeRow } from '../../shared/cluster-detail';
import type { ClusterHealth } from '../../shared/health';
import { formatDuration } from '../config/duration';
import { METRICS } from '../inventory/metrics';
import type { ClusterInventory, Node } from '../inventory/types';

function nodeRow(n: Node): NodeRow {
  return {
    name: n.name,
    ready: n.ready ?? false,
    problems: [...n.problems],
    kubeletVersion: n.versions?.kubelet || null,
    containerRuntime: n.versions?.containerRuntime || null,
    osImage: n.versions?.osImage || null,
  };
}

/** Nodes from the node watch when it has listed them, else from kube-state-metrics' kube_node_info / kube_node_status_condition. */
function nodeList(inventory: ClusterInventory, now: number): ClusterDetail['nodes'] {
  const nodes = inventory.nodes;
  if (nodes?.source === 'kubernetes-api') {
    const kube = inventory.kubernetes;
    const note =
      kube?.error && kube.lastSuccess !== null
        ? `As last listed ${formatDuration(now - kube.lastSuccess)} ago: the Kubernetes API is failing (${kube.error.kind}).`
        : null;
    return { source: 'kubernetes-api', note, items: sortNodes(nodes.items.map(nodeRow)) };
  }
  if (!nodes || (!nodes.conditionsKnown && !nodes.versionsKnown)) {
    const why = inventory.kubernetes ? 'the node watch has not listed the nodes yet' : 'no Kubernetes API configured';
    return { source: null, note: `No node list: ${why}, and ${inventory.missing(METRICS.nodeInfo, 'nodes not listed').effect}.`, items: [] };
  }
  const listed = nodes.items.filter((n) => n.name !== '' && (n.versions !== null || n.ready !== null || n.problems.length > 0));
  const note = !nodes.conditionsKnown
    ? `Readiness unknown: ${inventory.missing(METRICS.nodeCondition, 'every node shown as not Ready').effect}.`
    : !nodes.versionsKnown
      ? `Versions unknown: ${inventory.missing(METRICS.nodeInfo, 'no versions').effect}.`
      : null;
  return { source: 'kube-state-metrics', note, items: sortNodes(listed.map(nodeRow)) };
}

/** NotReady first, then by name. */
function sortNodes(items: NodeRow[]): NodeRow[] {
  return items.sort((a, b) => Number(a.ready) - Number(b.ready) || a.name.localeCompare(b.name));
}

/** Most urgent reasons first; anything else after them, then Failed and Pending pods. */
const REASON_ORDER = ['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'InvalidImageName'];
const rank = (row: FailingPodRow) => {
  const i = REASON_ORDER.indexOf(row.reason);
  if (i >= 0) return i;
  if (row.container !== null) return REASON_ORDER.length;
  return row.reason === 'Failed' ? REASON_ORDER.length + 1 : REASON_ORDER.length + 2;
};

/** Waiting containers and Pending/Failed pods, with restart counts. */
function failingPods(inventory: ClusterInventory): ClusterDetail['failingPods'] {
  const phases = inventory.pods;
  if (!inventory.federates(METRICS.containerWaiting) && !phases) {
    return { source: null, note: `Failing pods not checked: ${inventory.missing(METRICS.podPhase, 'no pod states').effect}.`, total: 0, items: [] };
  }
  const restarts = inventory.restarts.byContainer;
  const rows: FailingPodRow[] = [];
  const seen = new Set<string>();
  for (const w of inventory.waiting) {
    seen.add(`${w.namespace}/${w.pod}`);
    rows.push({
      namespace: w.namespace,
      pod: w.pod,
      container: w.container,
      reason: w.reason ?? 'unknown',
      restarts: restarts.get(`${w.namespace}/${w.pod}/${w.container}`) ?? null,
    });
  }
  for (const phase of ['Failed', 'Pending'] as const) {
    for (const { namespace, pod } of phases?.inPhase(phase) ?? []) {
      // A Pending pod whose container is already listed as waiting says nothing more.
      if (phase === 'Pending' && seen.has(`${namespace}/${pod}`)) continue;
      rows.push({ namespace, pod, container: null, reason: phase, restarts: null });
    }
  }
  rows.sort(
    (a, b) => rank(a) - rank(b) || a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod) || (a.container ?? '').localeCompare(b.container ?? ''),
  );
  const note = !phases ? `Pending and Failed pods not checked: ${inventory.missing(METRICS.podPhase, 'phases unknown').effect}.` : null;
  return { source: 'kube-state-metrics', note, total: rows.length, items: rows.slice(0, FAILING_PODS_LIMIT) };
}

/** The response of GET /api/clusters/:name, from the cluster's inventory and its health at `now`. */
export function clusterDetail(inventory: ClusterInventory, health: ClusterHealth, now: number): ClusterDetail {
  return { generatedAt: now, health, nodes: nodeList(inventory, now), failingPods: failingPods(inventory) };
}
