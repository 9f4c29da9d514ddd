import type { FleetEvent } from '../../shared/events';
import type { MissingInput, WorkloadBasis } from '../../shared/reports/common';

export type { WorkloadBasis };
import type { VersionInfo } from '../fleet/inputs';
import type { Labels } from '../fleet/series';
import type { KubernetesState, SourceState } from '../fleet/types';

/**
 * One cluster as every report, alert rule and page reads it: nodes, pods
 * and their owners, containers, workloads, versions, targets and alerts,
 * read once from the cluster's federated series (kube-state-metrics,
 * cAdvisor, Prometheus) and its Kubernetes watches. Nothing downstream reads
 * raw series: what a metric means is decided here, once.
 *
 * Series-based parts are null (or empty) when the cluster's federated series
 * are not fresh at `at`, and null when the metric they come from is not
 * federated; `missing` says which it is.
 */
export interface ClusterInventory {
  readonly cluster: string;
  readonly labels: Labels;
  /** The time freshness was judged at. */
  readonly at: number;
  readonly prometheus: PrometheusStatus | null;
  readonly kubernetes: KubernetesStatus | null;
  /** Which sources hold data fresh enough to judge by at `at`. */
  readonly fresh: { readonly prometheus: boolean; readonly kubernetes: boolean };
  /**
   * What every part but `events` was read from: objects the fleet replaces
   * when they change (the federation state, /version, the node list, the
   * cluster's labels, the earlier counters). Two inventories of a cluster
   * with the same inputs, read while fresh, have the same parts.
   */
  readonly inputs: readonly unknown[];
  /** Whether the fresh federated series hold `metric` (names from `METRICS`). */
  federates(metric: string): boolean;
  /** A MissingInput for `metric` with `effect`, phrased for why it is absent (no Prometheus, not scraped yet, stale, not federated). */
  missing(metric: string, effect: string): MissingInput;

  /** The nodes, from the best source at hand (see NodeList). */
  readonly nodes: NodeList | null;
  /** kube_node_status_capacity: what the nodes have, by node and resource (the cost report's assets). */
  readonly capacity: readonly NodeResource[] | null;
  /** kube_node_status_allocatable: what the nodes offer to pods (capacity less system reservations), by node and resource. */
  readonly allocatable: readonly NodeResource[] | null;
  /** Pod phases (kube_pod_status_phase); null when not federated. */
  readonly pods: PodPhases | null;
  /** Containers waiting, with the reason (kube_pod_container_status_waiting_reason, exported only while waiting). */
  readonly waiting: readonly WaitingContainer[];
  /** The workload owning each pod. */
  readonly workloads: Workloads;
  /** Running containers with their requests and usage. */
  readonly containers: Containers;
  /** Container restarts. */
  readonly restarts: Restarts;
  /** What every container runs, by workload (kube_pod_container_info). */
  readonly images: readonly ContainerImage[];
  /** Persistent volume claims and volumes. */
  readonly storage: Storage;
  /** Control-plane components (kubernetes_build_info) besides the API server's /version. */
  readonly controlPlane: readonly ControlPlaneComponent[];
  /** Scrape targets of the cluster's Prometheus (`up`); null when not federated. */
  readonly targets: readonly Target[] | null;
  /** Alerts the cluster's Prometheus has firing (`ALERTS{alertstate="firing"}`). */
  readonly alerts: readonly FiringAlert[];
  /** Recent events, oldest first (from the event watch). */
  readonly events: readonly FleetEvent[];
}

/** The federation source's state, without its series. */
export type PrometheusStatus = SourceState & { readonly staleAfterMs: number };

/**
 * The Kubernetes API source's state, with its watches' relists and bad
 * lines; its data is stale `staleAfterMs` after its last success
 * (reports.health.staleAfter).
 */
export type KubernetesStatus = SourceState & {
  readonly version: VersionInfo | null;
  readonly watches: KubernetesState['watches'];
  readonly staleAfterMs: number;
};

/**
 * The cluster's nodes. From the node watch while the Kubernetes API is
 * fresh; else from kube-state-metrics (kube_node_status_condition,
 * kube_node_info, kube_node_labels) while the federated series are fresh;
 * else the watch's last list, marked not fresh.
 */
export interface NodeList {
  readonly source: 'kubernetes-api' | 'kube-state-metrics';
  /** False for the watch's last list kept while the Kubernetes API is stale. */
  readonly fresh: boolean;
  /** Whether readiness and conditions are known: always from the watch; from kube-state-metrics when kube_node_status_condition is federated. */
  readonly conditionsKnown: boolean;
  /** Whether versions are known: always from the watch; from kube-state-metrics when kube_node_info is federated. */
  readonly versionsKnown: boolean;
  /** Whether node labels are known: always from the watch; from kube-state-metrics when kube_node_labels is federated. */
  readonly labelsKnown: boolean;
  /** From the watch in its order; from kube-state-metrics kube_node_info's nodes first, then the others. */
  readonly items: readonly Node[];
}

export interface Node {
  readonly name: string;
  /** The Ready condition is True; null when not known for this node. */
  readonly ready: boolean | null;
  /** Conditions other than Ready that are True (MemoryPressure, DiskPressure, …). */
  readonly problems: readonly string[];
  /** Null when not known for this node. */
  readonly versions: NodeVersions | null;
  /** The ranges its pods' addresses come from (spec.podCIDR from the watch, kube_node_info's pod_cidr); empty when unknown. */
  readonly podCIDRs: readonly string[];
  /** The node's Kubernetes labels as on the Node (from the watch, each also under kube-state-metrics' sanitized `label_…` name), or kube_node_labels' `label_…` names. */
  readonly labels: Labels;
}

/** Versions of one node's components; '' when the source does not say. */
export interface NodeVersions {
  readonly kubelet: string;
  readonly kubeProxy: string;
  readonly containerRuntime: string;
  readonly osImage: string;
}

/** One resource of one node (kube_node_status_capacity or _allocatable), in its sample's order. */
export interface NodeResource {
  readonly node: string;
  /** "cpu", "memory", "nvidia_com_gpu", … */
  readonly resource: string;
  /** Cores, bytes or devices; always finite. */
  readonly value: number;
}

/** Pods by phase. A pod is "namespace/pod". */
export interface PodPhases {
  /** The phase of a pod, or undefined when it has none marked. */
  phaseOf(pod: string): string | undefined;
  /** Pods in `phase`. */
  count(phase: string): number;
  /** The pods in `phase`, in the order kube_pod_status_phase first lists them. */
  inPhase(phase: string): readonly { readonly namespace: string; readonly pod: string }[];
}

export interface WaitingContainer {
  readonly namespace: string;
  readonly pod: string;
  /** '' when the series carries no container label. */
  readonly container: string;
  /** CrashLoopBackOff, ImagePullBackOff, …; null when the series carries none. */
  readonly reason: string | null;
}

/** One pod's workload, "Kind/name", and what it was read from. */
export interface Workload {
  readonly workload: string;
  readonly basis: WorkloadBasis;
}

/** The workload of each pod, "Kind/name" (Deployment/api, StatefulSet/db, DaemonSet/agent, CronJob/backup, Pod/lonely-pod). */
export interface Workloads {
  /** The workload of pod "namespace/pod"; undefined when neither kube_pod_owner nor kube_pod_info lists it. */
  of(pod: string): string | undefined;
  /** The workload of a pod, listed or not (see WorkloadBasis). */
  resolve(namespace: string, pod: string): Workload;
}

/** A running container and its requests (cores, bytes, devices). */
export interface Container {
  readonly namespace: string;
  readonly pod: string;
  /** "namespace/pod". */
  readonly podKey: string;
  readonly node: string;
  readonly cpuRequest: number;
  readonly memoryRequest: number;
  readonly gpuRequest: number;
}

/** Running containers with usage, as the cost report charges them. */
export interface Containers {
  /** Where CPU usage comes from: a rate recording rule, or the rate of cAdvisor's counter over the last minute; null when unknown. */
  readonly cpuUsageSource: string | null;
  /** Whether memory usage (container_memory_working_set_bytes) is known. */
  readonly memoryUsageKnown: boolean;
  /**
   * Calls `visit` with each running container (with requests, or with usage
   * and no request), its CPU usage in cores and memory usage in bytes (null
   * when unknown), and returns how many there were.
   */
  forEach(visit: (container: Container, cpuUsage: number | null, memoryUsage: number | null) => void): number;
}

export interface Restarts {
  /** Whether kube_pod_container_status_restarts_total is federated. */
  readonly counted: boolean;
  /** Restart count by container ("namespace/pod/container"). */
  readonly byContainer: ReadonlyMap<string, number>;
  /** When each container last terminated, in Unix seconds (kube_pod_container_status_last_terminated_timestamp); null when not federated. */
  readonly lastTerminated: readonly number[] | null;
  /** Containers whose restart counter rose since the cluster's scrape about a minute earlier, and the time between the two; null without such a scrape. */
  readonly sinceEarlier: { readonly restarted: number; readonly overMs: number } | null;
}

/** One container of one workload and the image it runs. */
export interface ContainerImage {
  readonly namespace: string;
  readonly workload: string;
  readonly workloadBasis: WorkloadBasis;
  readonly container: string;
  readonly image: string;
}

export interface Storage {
  /** PersistentVolumeClaims and their requested bytes (may be NaN as exported); null when not federated. */
  readonly claims: readonly { readonly namespace: string; readonly claim: string; readonly bytes: number }[] | null;
  /** Capacity of every PersistentVolume in bytes (may be NaN as exported); null when not federated. */
  readonly volumes: readonly number[] | null;
}

/** One instance of a control-plane component, by its build info. */
export interface ControlPlaneComponent {
  readonly component: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler';
  /** Its instance (or job when it has none). */
  readonly subject: string;
  /** As the component reports it ("v1.29.4"). */
  readonly gitVersion: string;
}

export interface Target {
  readonly job: string;
  readonly instance: string;
  readonly up: boolean;
}

/** One alert firing in the cluster's own Prometheus: its labels without `alertstate`. */
export interface FiringAlert {
  readonly labels: Labels;
}
