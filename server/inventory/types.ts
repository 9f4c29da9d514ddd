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
  /** What runs beside the cluster: Velero, Argo CD, Flux, cert-manager, etcd, Cilium, Istio, Gatekeeper, deprecated APIs in use. */
  readonly companions: Companions;
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
  /** The pod the target is, when its `up` series says (`pod`, or `kubernetes_pod_name` of older kubernetes-pods jobs); '' otherwise. */
  readonly pod: string;
  readonly up: boolean;
}

/** One alert firing in the cluster's own Prometheus: its labels without `alertstate`. */
export interface FiringAlert {
  readonly labels: Labels;
}

/**
 * Velero's backups (velero_backup_last_successful_timestamp,
 * velero_backup_failure_total, velero_backup_total; labels as in
 * vmware-tanzu/velero pkg/metrics/metrics.go): one entry per schedule
 * (`schedule` "" is backups made without one).
 */
export interface VeleroBackups {
  readonly schedules: readonly {
    readonly schedule: string;
    /** Unix seconds of the last successful backup; null when the schedule never succeeded (or has no such series). */
    readonly lastSuccess: number | null;
    /** Failures since the earlier scrape; null without one. */
    readonly recentFailures: number | null;
    /** velero_backup_last_status (Velero 1.10+): whether the last backup failed (PartiallyFailed counts as success); null when not exported. */
    readonly lastFailed: boolean | null;
  }[];
  /** Time between the earlier scrape and this one (what recentFailures counts over); null without one. */
  readonly failuresOverMs: number | null;
}

/** One Argo CD application (argocd_app_info). */
export interface ArgoApplication {
  readonly name: string;
  /** The Application object's namespace (usually argocd). */
  readonly namespace: string;
  readonly project: string;
  readonly destServer: string;
  readonly destNamespace: string;
  /** Synced, OutOfSync, Unknown. */
  readonly syncStatus: string;
  /** Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
  readonly healthStatus: string;
}

/** One Flux object (Kustomization, HelmRelease, GitRepository…) from gotk_reconcile_condition / gotk_resource_info / gotk_suspend_status. */
export interface FluxResource {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** The Ready condition: true, false, or null when Unknown or not exported. */
  readonly ready: boolean | null;
  readonly suspended: boolean;
}

/** One cert-manager Certificate (certmanager_certificate_ready_status, certmanager_certificate_expiration_timestamp_seconds). */
export interface ManagedCertificate {
  readonly name: string;
  readonly namespace: string;
  /** The Ready condition: true, false, or null when Unknown or not exported. */
  readonly ready: boolean | null;
  /** Unix seconds of notAfter; null when not exported. */
  readonly expiresAt: number | null;
}

/** One etcd member, by instance. */
export interface EtcdMember {
  readonly instance: string;
  /** etcd_server_has_leader; null when not exported. */
  readonly hasLeader: boolean | null;
  /** Leader changes (etcd_server_leader_changes_seen_total) since the earlier scrape, and over how long; null without one. */
  readonly leaderChanges: { readonly count: number; readonly overMs: number } | null;
  /** etcd_mvcc_db_total_size_in_bytes; null when not exported. */
  readonly dbBytes: number | null;
  /** etcd_server_quota_backend_bytes; null when not exported. */
  readonly quotaBytes: number | null;
  /**
   * p99 of etcd_disk_wal_fsync_duration_seconds in seconds: over the
   * buckets' rise since the earlier scrape (`recent`), else over their
   * totals since the member started (`since start`); null without buckets.
   */
  readonly walFsyncP99: { readonly seconds: number; readonly basis: 'recent' | 'since start' } | null;
}

/** Cilium's agents (cilium_unreachable_nodes, cilium_endpoint_state, and the `up` of scrape jobs named like cilium). */
export interface CiliumStatus {
  /** Per agent (its instance or pod): nodes it cannot reach. */
  readonly unreachableNodes: readonly { readonly agent: string; readonly nodes: number }[];
  /** Endpoints by state, summed over agents (ready, not-ready, waiting-for-identity, …). */
  readonly endpoints: Readonly<Record<string, number>>;
  /** Agent scrape targets (`up` of jobs named like cilium, not the operator); null when the cluster's `up` has none. */
  readonly agents: { readonly up: number; readonly down: readonly string[] } | null;
}

/** Istio's control plane and proxies (istio_build, pilot_total_xds_rejects, pilot_xds_pushes{type=~".*_senderr"}). */
export interface IstioStatus {
  /** istiod's versions (istio_build{component="pilot"}), distinct. */
  readonly controlPlane: readonly string[];
  /** Proxy versions (istio_build{component="proxy"}) and how many report each. */
  readonly proxies: Readonly<Record<string, number>>;
  /** Rejected and failed xDS pushes since the earlier scrape; null without one (or without the counters). */
  readonly pushErrors: number | null;
  /** Time the push errors count over; null without an earlier scrape. */
  readonly pushErrorsOverMs: number | null;
}

/** OPA Gatekeeper (gatekeeper_violations, gatekeeper_constraints, gatekeeper_audit_last_run_time). */
export interface GatekeeperStatus {
  /** Audited violations by enforcement action (deny, dryrun, warn). */
  readonly violations: Readonly<Record<string, number>>;
  /** Constraints by enforcement action (status="active"); empty when not exported. */
  readonly constraints: Readonly<Record<string, number>>;
  /** Unix seconds the last audit started; null when not exported. */
  readonly auditLastRun: number | null;
}

/** One deprecated API the API server was called on (apiserver_requested_deprecated_apis == 1). */
export interface DeprecatedApi {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  /** "1.32"; '' when the API has no planned removal. */
  readonly removedRelease: string;
}

/** The companions' inventory: each null when its metrics are not federated (or the series are not fresh). */
export interface Companions {
  readonly velero: VeleroBackups | null;
  readonly argoApplications: readonly ArgoApplication[] | null;
  readonly flux: readonly FluxResource[] | null;
  readonly certificates: readonly ManagedCertificate[] | null;
  readonly etcd: readonly EtcdMember[] | null;
  readonly cilium: CiliumStatus | null;
  readonly istio: IstioStatus | null;
  readonly gatekeeper: GatekeeperStatus | null;
  readonly deprecatedApis: readonly DeprecatedApi[] | null;
}
