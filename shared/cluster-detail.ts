import type { ClusterHealth } from './health';

/** One node of a cluster, as the detail page lists it. */
export interface NodeRow {
  name: string;
  ready: boolean;
  /** Conditions other than Ready that are "True" (MemoryPressure, DiskPressure, …). */
  problems: string[];
  kubeletVersion: string | null;
  containerRuntime: string | null;
  osImage: string | null;
}

/** A pod that is not running as it should: a container waiting for a reason, or the pod Pending/Failed. */
export interface FailingPodRow {
  namespace: string;
  pod: string;
  /** null for a row about the pod's phase rather than one container. */
  container: string | null;
  /** The waiting reason (CrashLoopBackOff, ImagePullBackOff, …) or the phase (Pending, Failed). */
  reason: string;
  /** The container's restart count (kube_pod_container_status_restarts_total); null when unknown. */
  restarts: number | null;
}

/** GET /api/clusters/:name — one cluster's health, its nodes and its failing pods. */
export interface ClusterDetail {
  generatedAt: number;
  health: ClusterHealth;
  nodes: {
    /** Which input the list came from; null when neither is available (see `note`). */
    source: 'kubernetes-api' | 'kube-state-metrics' | null;
    /** Why the list is empty or what it is missing, as a sentence; null when complete. */
    note: string | null;
    items: NodeRow[];
  };
  failingPods: {
    source: 'kube-state-metrics' | null;
    note: string | null;
    /** Rows before the cut to `items` (at most FAILING_PODS_LIMIT are sent). */
    total: number;
    items: FailingPodRow[];
  };
}

/** At most this many failing-pod rows are sent; `total` says how many there were. */
export const FAILING_PODS_LIMIT = 200;
