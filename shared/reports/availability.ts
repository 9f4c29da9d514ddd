/** Wire types of the availability report (GET /api/reports/availability, docs/api.md, docs/reports.md). */
import type { ClusterStatus } from '../health';

/** Milliseconds (or shares) per status; `unknown` is the time the history does not cover (no data), never counted as healthy. */
export type StatusDurations = Record<ClusterStatus, number>;

/**
 * One cluster's time in each status over one window ending at the report's
 * time. Invariants: `ms` sums to `windowMs`; `coveredMs` is `windowMs`
 * minus `ms.unknown`; `share` is `ms` divided by `windowMs` (so it sums to 1
 * and the uncovered part shows as unknown, not as healthy).
 */
export interface AvailabilityWindow {
  /** Length of the window, e.g. 86_400_000 for one day. */
  windowMs: number;
  /** The window in words: "1d", "7d", "30d". */
  label: string;
  /** Epoch ms of the window's start (the report's time minus `windowMs`). */
  from: number;
  /** Epoch ms of the window's end: the report's time. */
  to: number;
  /** How much of the window the status history covers. */
  coveredMs: number;
  /** Epoch ms from which the history covers the window; null when it covers none of it. */
  coveredFrom: number | null;
  /**
   * True when the window reaches back before what the store keeps
   * (store.historyRetention): a status held before then is no longer known,
   * so that part counts as unknown. Raise the retention to cover the window.
   */
  beforeRetention: boolean;
  ms: StatusDurations;
  share: StatusDurations;
}

/** One cluster's availability, one entry per window in the report's order. */
export interface ClusterAvailability {
  cluster: string;
  windows: AvailabilityWindow[];
}

/** The fleet's mean over its clusters in one window: the mean of each cluster's `ms`, `share` and `coveredMs`. */
export interface FleetAvailabilityWindow {
  windowMs: number;
  label: string;
  from: number;
  to: number;
  /** How many clusters the mean is over (at least 1: a fleet with no clusters has no mean). */
  clusters: number;
  coveredMs: number;
  ms: StatusDurations;
  share: StatusDurations;
}

/** The availability report: time in each status per cluster over each window, from the persisted status transitions. */
export interface FleetAvailability {
  generatedAt: number;
  /** How long the store keeps status transitions (store.historyRetention). */
  retentionMs: number;
  clusters: ClusterAvailability[];
  /** One entry per window; empty when the report has no clusters. */
  fleet: FleetAvailabilityWindow[];
}
