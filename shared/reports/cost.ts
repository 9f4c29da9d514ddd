/** Wire types of the cost report (GET /api/reports/cost), shared by server and web. */
import type { MissingInput } from './common';

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
  /** assets − allocated (per resource, never below 0), per hour; null when either is unknown. */
  idle: CostSplit | null;
  namespaces: CostRow[];
  workloads: CostRow[];
  /**
   * What each resource was charged on: "max(request, usage)" when usage was
   * known, "requests" when usage series were missing.
   */
  basis: { cpu: 'max(request, usage)' | 'requests'; memory: 'max(request, usage)' | 'requests' };
  missing: MissingInput[];
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
    /** allocated.total × 24 and × 730 */
    daily: number;
    monthly: number;
    efficiency: number | null;
  }>;
}
