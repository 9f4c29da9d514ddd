/** Output formats of every report (REST `?format=` and `fleetscope report --format`). */
export const REPORT_FORMATS = ['json', 'csv', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The reports built from the fleet's inventory of the moment. */
export const INVENTORY_REPORT_KINDS = ['health', 'cost', 'skew', 'hygiene'] as const;
export type InventoryReportKind = (typeof INVENTORY_REPORT_KINDS)[number];

/** Every report: those of the inventory, and availability, built from the persisted status transitions. */
export const REPORT_KINDS = [...INVENTORY_REPORT_KINDS, 'availability'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * An input a report needed and did not have, named the way the user would
 * look for it ("kube_node_info", "container_memory_working_set_bytes",
 * "Kubernetes API /version"), with what the report did instead.
 */
export interface MissingInput {
  input: string;
  /** What the report did without it, e.g. "memory cost uses requests only". */
  effect: string;
}

/**
 * What a pod's workload was read from: kube-state-metrics' owner series from
 * kube_pod_owner on (`kube_pod_owner`), or from kube_pod_info's created_by_*
 * (`kube_pod_info`); `name pattern` when a link of the chain was not
 * federated and Kubernetes' naming (a ReplicaSet's template hash, a CronJob
 * Job's schedule suffix, a Deployment pod's name) filled it in; `none` for a
 * pod no series lists whose name has no such pattern ("Pod/<name>").
 */
export type WorkloadBasis = 'kube_pod_owner' | 'kube_pod_info' | 'name pattern' | 'none';
