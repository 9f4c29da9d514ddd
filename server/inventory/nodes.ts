import type { NodeInfo } from '../../shared/nodes';
import type { Labels, ScrapedSeries } from '../fleet/series';
import type { SectionMemo } from './memo';
import { METRICS, sanitizeLabelName } from './metrics';
import type { Node, NodeList, NodeResource } from './types';

/** The watch's nodes as the inventory lists them. */
function watchedNodes(nodes: readonly NodeInfo[], fresh: boolean): NodeList {
  const items = nodes.map((n): Node => {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(n.labels)) {
      labels[k] = v;
      labels[sanitizeLabelName(k)] = v;
    }
    return {
      name: n.name,
      ready: n.ready,
      problems: n.problemConditions,
      versions: { kubelet: n.kubeletVersion, kubeProxy: n.kubeProxyVersion, containerRuntime: n.containerRuntimeVersion, osImage: n.osImage },
      podCIDRs: n.podCIDRs ?? (n.podCIDR ? [n.podCIDR] : []),
      labels,
    };
  });
  return { source: 'kubernetes-api', fresh, conditionsKnown: true, versionsKnown: true, labelsKnown: true, items };
}

interface NodeDraft {
  name: string;
  ready: boolean | null;
  problems: string[];
  versions: Node['versions'];
  podCIDRs: string[];
  labels: Labels;
}

/**
 * Nodes as kube-state-metrics exports them: readiness and other true
 * conditions from kube_node_status_condition, versions from kube_node_info,
 * labels from kube_node_labels. Null when none of them is federated.
 */
function stateMetricsNodes(series: ScrapedSeries): NodeList | null {
  const conditions = series.get(METRICS.nodeCondition);
  const info = series.get(METRICS.nodeInfo);
  const labels = series.get(METRICS.nodeLabels);
  if (!conditions && !info && !labels) return null;
  const drafts = new Map<string, NodeDraft>();
  const draft = (name: string): NodeDraft => {
    let d = drafts.get(name);
    if (!d) drafts.set(name, (d = { name, ready: null, problems: [], versions: null, podCIDRs: [], labels: {} }));
    return d;
  };
  for (const s of info ?? []) {
    const node = draft(s.labels.node ?? '');
    if (s.labels.pod_cidr) node.podCIDRs = [s.labels.pod_cidr];
    node.versions = {
      kubelet: s.labels.kubelet_version ?? '',
      kubeProxy: s.labels.kubeproxy_version ?? '',
      containerRuntime: s.labels.container_runtime_version ?? '',
      osImage: s.labels.os_image ?? '',
    };
  }
  for (const s of conditions ?? []) {
    const node = draft(s.labels.node ?? '');
    const isTrue = s.labels.status === 'true' && s.value === 1;
    if (s.labels.condition === 'Ready') node.ready = (node.ready ?? false) || isTrue;
    else if (isTrue && s.labels.condition && !node.problems.includes(s.labels.condition)) node.problems.push(s.labels.condition);
  }
  for (const s of labels ?? []) {
    const own: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) if (k.startsWith('label_')) own[k] = v;
    draft(s.labels.node ?? '').labels = own;
  }
  return {
    source: 'kube-state-metrics',
    fresh: true,
    conditionsKnown: conditions !== undefined,
    versionsKnown: info !== undefined,
    labelsKnown: labels !== undefined,
    items: [...drafts.values()],
  };
}

/** The metrics stateMetricsNodes reads (what its memo compares). */
const STATE_METRICS_NODE_INPUTS = [METRICS.nodeCondition, METRICS.nodeInfo, METRICS.nodeLabels] as const;

/**
 * The nodes from the best source at hand: the watch while the Kubernetes API
 * is fresh; else kube-state-metrics while the federated series are fresh;
 * else the watch's last list, marked not fresh.
 */
export function chooseNodes(options: {
  watched: readonly NodeInfo[] | null;
  kubernetesFresh: boolean;
  series: ScrapedSeries | null;
  memo: { watched: WatchedMemo; stateMetrics: SectionMemo<NodeList | null> };
}): NodeList | null {
  const { watched, series, memo } = options;
  if (watched && options.kubernetesFresh) return memo.watched.read(watched, true);
  const fromMetrics = series ? memo.stateMetrics.read(series, STATE_METRICS_NODE_INPUTS, () => stateMetricsNodes(series)) : null;
  if (fromMetrics) return fromMetrics;
  return watched ? memo.watched.read(watched, false) : null;
}

/** The watch's node list, converted again only when the watch replaced it. */
export class WatchedMemo {
  private kept: { nodes: readonly NodeInfo[]; fresh: boolean; list: NodeList } | null = null;

  read(nodes: readonly NodeInfo[], fresh: boolean): NodeList {
    if (this.kept?.nodes !== nodes || this.kept.fresh !== fresh) this.kept = { nodes, fresh, list: watchedNodes(nodes, fresh) };
    return this.kept.list;
  }
}

/** kube_node_status_capacity or kube_node_status_allocatable as a list, finite values only. */
export function nodeResources(series: ScrapedSeries, metric: typeof METRICS.nodeCapacity | typeof METRICS.nodeAllocatable): readonly NodeResource[] | null {
  const samples = series.get(metric);
  if (!samples) return null;
  const out: NodeResource[] = [];
  for (const s of samples) if (Number.isFinite(s.value)) out.push({ node: s.labels.node ?? '', resource: s.labels.resource ?? '', value: s.value });
  return out;
}
