import type { ErrorKind } from '../../shared/errors';
import type { FleetEvent } from '../../shared/events';
import type { NodeInfo } from '../../shared/nodes';
import type { VersionInfo } from './inputs';
import type { ScrapedSeries } from './series';
import type { WatchedResource, WatchStatus } from './watches';

/** How one source of one cluster is doing. */
export interface SourceState {
  /** Epoch ms of the last attempt, null before the first one finished. */
  readonly lastAttempt: number | null;
  readonly lastSuccess: number | null;
  readonly lastDurationMs: number | null;
  /** Set while failing; `since` is when the current run of failures began. */
  readonly error: { readonly kind: ErrorKind; readonly message: string; readonly since: number } | null;
  /** Failures since start, by kind. */
  readonly failures: Readonly<Partial<Record<ErrorKind, number>>>;
}

export interface PrometheusState extends SourceState {
  /**
   * Latest successfully federated series, by metric name (see
   * ScrapedSeries: decoded on first read). Every sample
   * carries the cluster label. Replaced whole by each successful scrape, so a
   * series that vanished from it is gone; kept (not cleared) while scrapes
   * fail, so reports can show them as stale with their age — until
   * `staleAfterMs` past `lastSuccess`, when `freshSeries` stops returning them.
   */
  readonly series: ScrapedSeries;
  readonly sampleCount: number;
  readonly bytes: number;
  /** Repeated series dropped from the last successful scrape. */
  readonly duplicates: number;
  /** Configured `prometheus.staleAfter` of this cluster. */
  readonly staleAfterMs: number;
}

export interface KubernetesState extends SourceState {
  /** Control-plane version from /version. */
  readonly version: VersionInfo | null;
  /** Nodes from the node watch; null until the first list arrived. */
  readonly nodes: readonly NodeInfo[] | null;
  /** Recent events, oldest first, bounded by the configured ring size. */
  readonly events: readonly FleetEvent[];
  /** Relists and malformed lines of each watch (see fleet/watches.ts); replaced when one changes. */
  readonly watches: Readonly<Record<WatchedResource, WatchStatus>>;
}

/** Everything the fleet knows about one cluster at one moment. Immutable. */
export interface ClusterSnapshot {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** null when the cluster has no Prometheus configured. */
  readonly prometheus: PrometheusState | null;
  /** null when the cluster has no Kubernetes API configured. */
  readonly kubernetes: KubernetesState | null;
}

/** The input of every report. Immutable; cheap to take (it shares structure). */
export interface FleetSnapshot {
  readonly clusters: readonly ClusterSnapshot[];
}
