/** Wire types of the health report, shared by server and web. */
import type { MissingInput } from './reports/common';
import type { VersionSource } from './reports/skew';

export const CLUSTER_STATUSES = ['healthy', 'degraded', 'critical', 'unreachable', 'unknown'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

export type Severity = 'info' | 'warning' | 'critical';

/** One reason behind a cluster's status, phrased for a person ("3 of 12 nodes NotReady"). */
export interface HealthReason {
  /** Stable identifier of the rule that produced it, e.g. "nodes_not_ready". */
  rule: string;
  severity: Severity;
  message: string;
}

/** What a source of a cluster is doing (see SourceHealth.status). */
export type SourceStatus = 'ok' | 'failing' | 'waiting' | 'not configured';

/** Reachability of one source (Prometheus federation or the Kubernetes API) of a cluster. */
export interface SourceHealth {
  /** True while the source answers (`status` "ok"); false also when it is not configured, so read `configured` or `status` first. */
  ok: boolean;
  /** False when the cluster has no such source in the config: nothing is failing, there is nothing to ask. Absent from older servers. */
  configured?: boolean;
  /**
   * In words: "ok"; "failing" (see `error`); "waiting" before its first
   * success; "not configured". Absent from older servers.
   */
  status?: SourceStatus;
  /** Epoch ms of the last successful fetch, if any. */
  lastSuccess: number | null;
  /** Present while the source is failing. */
  error: { kind: string; message: string; since: number } | null;
  /**
   * The Kubernetes API only: a watch that keeps starting over with a list
   * (relists less than two minutes apart) although each list succeeds —
   * relisting, not healthy. Absent while no watch is, and for Prometheus.
   */
  relisting?: WatchRelisting;
}

/** A watch of a cluster's Kubernetes API in a run of relists (see SourceHealth.relisting). */
export interface WatchRelisting {
  /** The watched resource: "events" or "nodes". */
  resource: string;
  /** Relists in the run so far. */
  count: number;
  /** Epoch ms of the run's first relist. */
  since: number;
  /** Why the latest relist was needed: "410 Gone", "HTTP 403", "continue token expired, 410 Gone". */
  reason: string;
}

export interface ClusterHealth {
  cluster: string;
  labels: Record<string, string>;
  status: ClusterStatus;
  /** Most severe first. Empty only when healthy. */
  reasons: HealthReason[];
  nodes: { total: number; ready: number } | null;
  prometheus: SourceHealth;
  kubernetes: SourceHealth;
  /**
   * The API server's version, e.g. "v1.29.4", from the same source as the
   * skew report: kubernetes_build_info when federated (the oldest instance),
   * else the API's /version; null when neither says.
   */
  version: string | null;
  /**
   * Epoch ms since when the cluster has had this status (its last status
   * transition, kept across restarts and failover); null before one is
   * known. Absent from older servers.
   */
  statusSince?: number | null;
  /**
   * The status over the last 24 hours: its transitions, oldest first, the one
   * in force 24 hours ago first (the wall's status strip). Absent from older
   * servers and where no history is kept.
   */
  recentStatus?: Array<{ at: number; status: ClusterStatus }>;
  /** Where `version` came from; null when it is null. Absent from older servers. */
  versionSource?: VersionSource | null;
  /** Age in ms of the newest data we hold for this cluster, null if none. */
  dataAgeMs: number | null;
  /**
   * Inputs a rule needed and did not find (e.g. kube_pod_status_phase), so the
   * rule was skipped rather than read as 0. Absent from older servers.
   */
  missing?: MissingInput[];
}

export interface FleetHealth {
  generatedAt: number;
  clusters: ClusterHealth[];
  counts: Record<ClusterStatus, number>;
}
