/**
 * The metrics the inventory reads, by what they mean. Names and labels are
 * kube-state-metrics', cAdvisor's and Prometheus' own
 * (https://github.com/kubernetes/kube-state-metrics/tree/main/docs/metrics).
 * Reports name them in their "missing input" notes.
 */
export const METRICS = {
  nodeCondition: 'kube_node_status_condition',
  nodeInfo: 'kube_node_info',
  nodeLabels: 'kube_node_labels',
  nodeCapacity: 'kube_node_status_capacity',
  nodeAllocatable: 'kube_node_status_allocatable',
  podPhase: 'kube_pod_status_phase',
  podInfo: 'kube_pod_info',
  podOwner: 'kube_pod_owner',
  replicaSetOwner: 'kube_replicaset_owner',
  jobOwner: 'kube_job_owner',
  containerInfo: 'kube_pod_container_info',
  containerRequests: 'kube_pod_container_resource_requests',
  containerWaiting: 'kube_pod_container_status_waiting_reason',
  containerRestarts: 'kube_pod_container_status_restarts_total',
  containerLastTerminated: 'kube_pod_container_status_last_terminated_timestamp',
  claimRequests: 'kube_persistentvolumeclaim_resource_requests_storage_bytes',
  volumeCapacity: 'kube_persistentvolume_capacity_bytes',
  buildInfo: 'kubernetes_build_info',
  /** cAdvisor's CPU counter; rated against the cluster's scrape of about a minute earlier. */
  cpuCounter: 'container_cpu_usage_seconds_total',
  memoryUsage: 'container_memory_working_set_bytes',
  up: 'up',
  alerts: 'ALERTS',
} as const;

/**
 * Series carrying per-container CPU usage in cores: the kube-prometheus
 * recording rules that federate cAdvisor's counter as a rate, preferred in
 * this order over rating the counter itself.
 */
export const CPU_USAGE_RULES = [
  'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m',
  'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate',
  'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate',
] as const;

/**
 * The metrics of the companions the hygiene report checks, as each project
 * names them: Velero (pkg/metrics/metrics.go), Argo CD
 * (controller/metrics/metrics.go), Flux (pkg/runtime/metrics and the
 * flux2-monitoring-example's kube-state-metrics config), cert-manager
 * (internal/controller/certificates/metrics), etcd (server/etcdserver,
 * server/storage/mvcc, server/storage/wal metrics), Cilium (pkg/metrics),
 * Istio (pilot/pkg/xds/monitoring.go, istio_build), Gatekeeper
 * (pkg/audit/stats_reporter.go, pkg/controller/constraint/stats_reporter.go)
 * and Kubernetes (apiserver_requested_deprecated_apis).
 */
export const COMPANION_METRICS = {
  veleroLastSuccess: 'velero_backup_last_successful_timestamp',
  veleroFailures: 'velero_backup_failure_total',
  veleroAttempts: 'velero_backup_attempt_total',
  veleroTotal: 'velero_backup_total',
  veleroLastStatus: 'velero_backup_last_status',
  argoApp: 'argocd_app_info',
  fluxCondition: 'gotk_reconcile_condition',
  fluxSuspend: 'gotk_suspend_status',
  fluxResource: 'gotk_resource_info',
  certReady: 'certmanager_certificate_ready_status',
  certExpiry: 'certmanager_certificate_expiration_timestamp_seconds',
  etcdHasLeader: 'etcd_server_has_leader',
  etcdLeaderChanges: 'etcd_server_leader_changes_seen_total',
  etcdDbSize: 'etcd_mvcc_db_total_size_in_bytes',
  etcdQuota: 'etcd_server_quota_backend_bytes',
  etcdWalFsync: 'etcd_disk_wal_fsync_duration_seconds_bucket',
  ciliumUnreachable: 'cilium_unreachable_nodes',
  ciliumEndpoints: 'cilium_endpoint_state',
  istioBuild: 'istio_build',
  istioRejects: 'pilot_total_xds_rejects',
  istioPushes: 'pilot_xds_pushes',
  gatekeeperViolations: 'gatekeeper_violations',
  gatekeeperConstraints: 'gatekeeper_constraints',
  gatekeeperAudit: 'gatekeeper_audit_last_run_time',
  deprecatedApis: 'apiserver_requested_deprecated_apis',
} as const;

/** The counters rated against an earlier scrape (see EarlierCounters). */
export const RATED_COUNTERS: readonly string[] = [
  METRICS.cpuCounter,
  METRICS.containerRestarts,
  COMPANION_METRICS.veleroFailures,
  COMPANION_METRICS.etcdLeaderChanges,
  COMPANION_METRICS.etcdWalFsync,
  COMPANION_METRICS.istioRejects,
  COMPANION_METRICS.istioPushes,
];

/**
 * A label the exporter set, where a cluster Prometheus scraping it without
 * `honor_labels` moved it to `exported_NAME` because the target has a label
 * of that name too (namespace, pod, service…).
 */
export function ownLabel(labels: Labels, name: string): string {
  return labels[`exported_${name}`] ?? labels[name] ?? '';
}

type Labels = Readonly<Record<string, string>>;

/** "namespace/pod". */
export function podKey(labels: Labels): string {
  return `${labels.namespace ?? ''}/${labels.pod ?? ''}`;
}

/** "namespace/pod/container". */
export function containerKey(labels: Labels): string {
  return `${labels.namespace ?? ''}/${labels.pod ?? ''}/${labels.container ?? ''}`;
}

/** kube-state-metrics' label-name sanitizing: "node.kubernetes.io/instance-type" → "label_node_kubernetes_io_instance_type". */
export function sanitizeLabelName(name: string): string {
  return `label_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** GPU resources as kube-state-metrics names them (nvidia_com_gpu, amd_com_gpu, gpu). */
export const isGpu = (resource: string): boolean => /(^|_)gpu$/.test(resource);
