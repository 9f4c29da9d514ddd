/** Wire types of the cost report (GET /api/reports/cost), shared by server and web. */
import type { MissingInput, WorkloadBasis } from './common';

/**
 * Cost per hour, in the report's currency, split as OpenCost splits it.
 * `total` is the sum of the others.
 */
export interface CostSplit {
  cpu: number;
  memory: number;
  gpu: number;
  /** Persistent volume claims, by their requested size. */
  storage: number;
  total: number;
}

/** One row of a cost breakdown: a cluster, a namespace or a workload. */
export interface CostRow {
  cluster: string;
  /** Absent on cluster rows. */
  namespace?: string;
  /** "Deployment/api", "StatefulSet/db", "Pod/x" (no owner), "PVC/data-0"; absent on cluster and namespace rows. */
  workload?: string;
  /**
   * What a pod workload row's workload was read from (the weakest of its
   * pods'): kube-state-metrics' owner series, or a name pattern as a
   * fallback (see WorkloadBasis); absent on PVC, namespace and cluster rows.
   */
  workloadBasis?: WorkloadBasis;
  /** Allocated cost per hour: max(request, usage) × price. */
  hourly: CostSplit;
  /** hourly.total × 24 */
  daily: number;
  /** hourly.total × 730 */
  monthly: number;
  /**
   * Usage ÷ request, cost-weighted over CPU and memory (0..1, can exceed 1);
   * null when usage is unknown or nothing is requested.
   */
  efficiency: number | null;
}

export interface ClusterCost {
  cluster: string;
  labels: Record<string, string>;
  currency: string;
  /** The price profile used. */
  profile: string;
  /** Node (asset) cost from capacity, per hour; null when node capacity is unknown (see `missing`). */
  assets: { hourly: CostSplit; nodes: number; daily: number; monthly: number } | null;
  /** Sum of the cluster's allocations; null when neither requests nor usage are known. */
  allocated: CostRow | null;
  /**
   * assets − allocated, per resource, per hour; null when either is unknown.
   * Negative only where allocation exceeds the nodes' cost (containers on
   * nodes whose capacity is not known, claims larger than their volumes).
   */
  idle: CostSplit | null;
  /** Node cost split into allocated and idle, per month; null when either is unknown. Absent from older servers. */
  reconciliation?: CostReconciliation | null;
  namespaces: CostRow[];
  workloads: CostRow[];
  /**
   * What each resource was charged on: "max(request, usage)" when usage was
   * known, "requests" when usage series were missing.
   */
  basis: { cpu: 'max(request, usage)' | 'requests'; memory: 'max(request, usage)' | 'requests' };
  missing: MissingInput[];
}

/**
 * Node cost as allocated + idle, per month (× 730 of the hourly rates).
 * Invariant: allocatedMonthly + idleMonthly = nodeMonthly, and the shares
 * sum to 1 (both null when the node cost is 0).
 */
export interface CostReconciliation {
  nodeMonthly: number;
  allocatedMonthly: number;
  idleMonthly: number;
  allocatedShare: number | null;
  idleShare: number | null;
}

export interface FleetCost {
  generatedAt: number;
  clusters: ClusterCost[];
  /** The roll-up across clusters, one entry per currency. */
  fleet: Array<{
    currency: string;
    /** Clusters counted in this currency; those with unknown cost are listed in `incomplete`. */
    clusters: number;
    /** Clusters whose assets or allocation are unknown and are left out of the sums. */
    incomplete: string[];
    assets: CostSplit;
    allocated: CostSplit;
    idle: CostSplit;
    /** allocated.total × 24 and × 730: the allocated cost (node cost = allocated + idle, see `reconciliation`). */
    daily: number;
    monthly: number;
    efficiency: number | null;
    /** The counted clusters' node cost as allocated + idle. Absent from older servers. */
    reconciliation?: CostReconciliation;
  }>;
}
