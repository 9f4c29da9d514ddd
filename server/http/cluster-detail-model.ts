import { FAILING_PODS_LIMIT, type ClusterDetail, type FailingPodRow, type NodeRow } from '../../shared/cluster-detail';
import type { ClusterHealth } from '../../shared/health';
import { formatDuration } from '../config/duration';
import type { ClusterSnapshot } from '../fleet/types';
import { seriesLookup, type SeriesLookup } from '../reports/inputs';

/** Nodes from the node watch when it has listed them, else from kube-state-metrics' kube_node_info / kube_node_status_condition. */
function nodeList(cluster: ClusterSnapshot, series: SeriesLookup, now: number): ClusterDetail['nodes'] {
  const watched = cluster.kubernetes?.nodes;
  if (watched) {
    const items = watched.map((n): NodeRow => ({
      name: n.name,
      ready: n.ready,
      problems: [...n.problemConditions],
      kubeletVersion: n.kubeletVersion || null,
      containerRuntime: n.containerRuntimeVersion || null,
      osImage: n.osImage || null,
    }));
    const kube = cluster.kubernetes;
    const note = kube?.error && kube.lastSuccess !== null ? `As last listed ${formatDuration(now - kube.lastSuccess)} ago: the Kubernetes API is failing (${kube.error.kind}).` : null;
    return { source: 'kubernetes-api', note, items: sortNodes(items) };
  }
  const info = series.get('kube_node_info');
  const conditions = series.get('kube_node_status_condition');
  if (!info && !conditions) {
    const why = cluster.kubernetes ? 'the node watch has not listed the nodes yet' : 'no Kubernetes API configured';
    return { source: null, note: `No node list: ${why}, and ${series.missing('kube_node_info', 'nodes not listed').effect}.`, items: [] };
  }
  const nodes = new Map<string, NodeRow>();
  const row = (name: string) => {
    let node = nodes.get(name);
    if (!node) {
      node = { name, ready: false, problems: [], kubeletVersion: null, containerRuntime: null, osImage: null };
      nodes.set(name, node);
    }
    return node;
  };
  for (const s of info ?? []) {
    const node = row(s.labels.node ?? '');
    node.kubeletVersion = s.labels.kubelet_version || null;
    node.containerRuntime = s.labels.container_runtime_version || null;
    node.osImage = s.labels.os_image || null;
  }
  for (const s of conditions ?? []) {
    if (s.value !== 1 || s.labels.status !== 'true') continue;
    const node = row(s.labels.node ?? '');
    const condition = s.labels.condition ?? '';
    if (condition === 'Ready') node.ready = true;
    else if (condition && !node.problems.includes(condition)) node.problems.push(condition);
  }
  const note = !conditions
    ? `Readiness unknown: ${series.missing('kube_node_status_condition', 'every node shown as not Ready').effect}.`
    : !info
      ? `Versions unknown: ${series.missing('kube_node_info', 'no versions').effect}.`
      : null;
  return { source: 'kube-state-metrics', note, items: sortNodes([...nodes.values()].filter((n) => n.name !== '')) };
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

/** Waiting containers (kube_pod_container_status_waiting_reason) and Pending/Failed pods (kube_pod_status_phase) with restart counts. */
function failingPods(series: SeriesLookup): ClusterDetail['failingPods'] {
  const waiting = series.get('kube_pod_container_status_waiting_reason');
  const phases = series.get('kube_pod_status_phase');
  if (!waiting && !phases) {
    return { source: null, note: `Failing pods not checked: ${series.missing('kube_pod_status_phase', 'no pod states').effect}.`, total: 0, items: [] };
  }
  const restarts = new Map<string, number>();
  for (const s of series.get('kube_pod_container_status_restarts_total') ?? []) {
    restarts.set(`${s.labels.namespace ?? ''}/${s.labels.pod ?? ''}/${s.labels.container ?? ''}`, s.value);
  }
  const rows: FailingPodRow[] = [];
  const seen = new Set<string>();
  for (const s of waiting ?? []) {
    if (s.value !== 1) continue;
    const namespace = s.labels.namespace ?? '';
    const pod = s.labels.pod ?? '';
    const container = s.labels.container ?? '';
    seen.add(`${namespace}/${pod}`);
    rows.push({ namespace, pod, container, reason: s.labels.reason ?? 'unknown', restarts: restarts.get(`${namespace}/${pod}/${container}`) ?? null });
  }
  for (const s of phases ?? []) {
    const phase = s.labels.phase ?? '';
    if (s.value !== 1 || (phase !== 'Pending' && phase !== 'Failed')) continue;
    const namespace = s.labels.namespace ?? '';
    const pod = s.labels.pod ?? '';
    // A Pending pod whose container is already listed as waiting says nothing more.
    if (phase === 'Pending' && seen.has(`${namespace}/${pod}`)) continue;
    rows.push({ namespace, pod, container: null, reason: phase, restarts: null });
  }
  rows.sort((a, b) => rank(a) - rank(b) || a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod) || (a.container ?? '').localeCompare(b.container ?? ''));
  const note = !phases
    ? `Pending and Failed pods not checked: ${series.missing('kube_pod_status_phase', 'phases unknown').effect}.`
    : null;
  return { source: 'kube-state-metrics', note, total: rows.length, items: rows.slice(0, FAILING_PODS_LIMIT) };
}

/** The response of GET /api/clusters/:name, from the cluster's snapshot and its health at `now`. */
export function clusterDetail(cluster: ClusterSnapshot, health: ClusterHealth, now: number): ClusterDetail {
  const series = seriesLookup(cluster, now);
  return { generatedAt: now, health, nodes: nodeList(cluster, series, now), failingPods: failingPods(series) };
}
