import type { MissingInput } from '../../shared/reports/common';
import { formatDuration } from '../config/duration';
import { freshSeries } from '../fleet/staleness';
import type { ClusterSnapshot } from '../fleet/types';
import type { Sample } from '../fleet/series';
import { deriveFrom, isDeriving } from '../sources/federate/sample';

/**
 * Reading the series a report needs from one cluster's snapshot, and saying
 * precisely why a series is absent (no Prometheus configured, never scraped,
 * or the federated data has no such metric) instead of treating it as 0.
 */
export interface SeriesLookup {
  /** The samples of `name`; null when the cluster has none (see `missing`). */
  get(name: string): readonly Sample[] | null;
  /** Whether `name` has samples, without reading them. */
  has(name: string): boolean;
  /** First of `names` that is present. */
  first(names: readonly string[]): { name: string; samples: readonly Sample[] } | null;
  /** A MissingInput for `name` with `effect`, phrased for the cause. */
  missing(name: string, effect: string): MissingInput;
  /**
   * `compute()`, kept across scrapes while the samples of `names` keep their
   * series and values (see FederatedSeries.derive); computed each time for
   * other series. `compute` may read only those names, through this lookup,
   * and not their timestamps; `key` names the computation and its parameters.
   */
  derive<T>(key: string, names: readonly string[], compute: () => T): T;
}

/** Reads the cluster's series as of `now`: series older than the cluster's `prometheus.staleAfter` are not read (freshSeries). */
export function seriesLookup(cluster: ClusterSnapshot, now: number): SeriesLookup {
  const prometheus = cluster.prometheus;
  const fresh = freshSeries(prometheus, now);
  const get = (name: string) => {
    const samples = fresh?.get(name);
    return samples && samples.length > 0 ? samples : null;
  };
  return {
    get,
    first(names) {
      for (const name of names) {
        const samples = get(name);
        if (samples) return { name, samples };
      }
      return null;
    },
    has: (name) => (fresh === null ? false : isDeriving(fresh) ? fresh.has(name) : (fresh.get(name)?.length ?? 0) > 0),
    derive: (key, names, compute) => (fresh ? deriveFrom(fresh, key, names, compute) : compute()),
    missing(name, effect) {
      if (!prometheus) return { input: name, effect: `${effect} (no Prometheus configured for this cluster)` };
      if (prometheus.lastSuccess === null) return { input: name, effect: `${effect} (Prometheus not scraped successfully yet)` };
      if (!fresh) return { input: name, effect: `${effect} (Prometheus data ${formatDuration(now - prometheus.lastSuccess)} old, stale after ${formatDuration(prometheus.staleAfterMs)})` };
      return { input: name, effect: `${effect} (not in the federated series)` };
    },
  };
}

/** Pod key "namespace/pod". */
export function podKey(labels: Readonly<Record<string, string>>): string {
  return `${labels.namespace ?? ''}/${labels.pod ?? ''}`;
}

/** Characters of a Kubernetes pod-template hash (k8s.io/apimachinery rand.SafeEncodeString: no vowels, no 0/1/3). */
const TEMPLATE_HASH = /-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/;

/**
 * The workload that owns each pod, as "Kind/name", from kube_pod_info's
 * created_by_* labels; a ReplicaSet is resolved to its Deployment through
 * kube_replicaset_owner when federated, else by removing its template hash.
 * Pods without kube_pod_info or owner are "Pod/<name>".
 */
export function podWorkloads(series: SeriesLookup): ReadonlyMap<string, string> {
  return series.derive('podWorkloads', ['kube_replicaset_owner', 'kube_job_owner', 'kube_pod_info'], () => readPodWorkloads(series));
}

function readPodWorkloads(series: SeriesLookup): Map<string, string> {
  const rsOwner = new Map<string, string>();
  for (const s of series.get('kube_replicaset_owner') ?? []) {
    const { namespace = '', replicaset = '', owner_kind: kind = '', owner_name: name = '' } = s.labels;
    if (kind && kind !== '<none>' && name && name !== '<none>') rsOwner.set(`${namespace}/${replicaset}`, `${kind}/${name}`);
  }
  const jobOwner = new Map<string, string>();
  for (const s of series.get('kube_job_owner') ?? []) {
    const { namespace = '', job_name: job = '', owner_kind: kind = '', owner_name: name = '' } = s.labels;
    if (kind && kind !== '<none>' && name && name !== '<none>') jobOwner.set(`${namespace}/${job}`, `${kind}/${name}`);
  }
  const workloads = new Map<string, string>();
  for (const s of series.get('kube_pod_info') ?? []) {
    const kind = s.labels.created_by_kind ?? '';
    const name = s.labels.created_by_name ?? '';
    const namespace = s.labels.namespace ?? '';
    let workload: string;
    if (!kind || kind === '<none>' || !name || name === '<none>') workload = `Pod/${s.labels.pod ?? ''}`;
    else if (kind === 'ReplicaSet') workload = rsOwner.get(`${namespace}/${name}`) ?? `Deployment/${name.replace(TEMPLATE_HASH, '')}`;
    else if (kind === 'Job') workload = jobOwner.get(`${namespace}/${name}`) ?? `Job/${name}`;
    else workload = `${kind}/${name}`;
    workloads.set(podKey(s.labels), workload);
  }
  return workloads;
}

/** Pods by phase from kube_pod_status_phase (the phase whose sample is 1). */
export function podPhases(samples: readonly Sample[]): Map<string, string> {
  const phases = new Map<string, string>();
  for (const s of samples) if (s.value === 1 && s.labels.phase) phases.set(podKey(s.labels), s.labels.phase);
  return phases;
}

/**
 * The Kubernetes labels of every node: from the node watch when present,
 * else from kube_node_labels (whose label_foo_bar names are matched by
 * sanitizing the config's label names the same way, see `sanitizeLabelName`).
 */
export interface NodeLabels {
  source: 'kubernetes-api' | 'kube_node_labels' | null;
  /** Node name → label name (as on the Node, or sanitized) → value. */
  byNode: Map<string, Record<string, string>>;
}

/** kube-state-metrics' label-name sanitizing: "node.kubernetes.io/instance-type" → "label_node_kubernetes_io_instance_type". */
export function sanitizeLabelName(name: string): string {
  return `label_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

export function nodeLabels(cluster: ClusterSnapshot, series: SeriesLookup): NodeLabels {
  const nodes = cluster.kubernetes?.nodes;
  if (nodes && nodes.length > 0) {
    const byNode = new Map<string, Record<string, string>>();
    for (const n of nodes) {
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(n.labels)) {
        labels[k] = v;
        labels[sanitizeLabelName(k)] = v;
      }
      byNode.set(n.name, labels);
    }
    return { source: 'kubernetes-api', byNode };
  }
  const samples = series.get('kube_node_labels');
  if (!samples) return { source: null, byNode: new Map() };
  const byNode = new Map<string, Record<string, string>>();
  for (const s of samples) {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) if (k.startsWith('label_')) labels[k] = v;
    byNode.set(s.labels.node ?? '', labels);
  }
  return { source: 'kube_node_labels', byNode };
}

/** Does every `match` entry equal the node's label (by its real or sanitized name)? */
export function labelsMatch(match: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(match).every(([k, v]) => (labels[k] ?? labels[sanitizeLabelName(k)]) === v);
}
