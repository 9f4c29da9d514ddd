import type { FleetEvent } from '../../shared/events';
import type { ClusterEntry, SnapshotMessage, StreamReports } from '../../shared/protocol';
import type { Change } from './change-log';

export interface StreamStateLimits {
  /** Most points kept per sparkline. */
  sparkPoints: number;
  /** Most recent events kept for the snapshot. */
  recentEvents: number;
}

/** The newest state of everything the stream carries: what a snapshot sends. */
export class StreamState {
  private readonly clusters = new Map<string, ClusterEntry>();
  private reports: Partial<StreamReports> = {};
  private readonly events = new Map<string, FleetEvent>();

  constructor(private readonly limits: StreamStateLimits) {}

  apply(change: Change): void {
    if (change.kind === 'cluster') {
      const name = change.entry.health.cluster;
      const spark = [...(this.clusters.get(name)?.spark ?? []), ...change.entry.spark];
      this.clusters.set(name, { ...change.entry, spark: spark.slice(Math.max(0, spark.length - this.limits.sparkPoints)) });
    } else if (change.kind === 'reports') {
      this.reports = { ...this.reports, ...change.reports };
    } else {
      for (const event of change.events) {
        // Re-insert so that the Map's order stays "least recently seen first".
        this.events.delete(event.id);
        this.events.set(event.id, event);
      }
      for (const id of this.events.keys()) {
        if (this.events.size <= this.limits.recentEvents) break;
        this.events.delete(id);
      }
    }
  }

  /** Time of the newest sparkline point of a cluster, so the same scrape is not plotted twice. */
  lastSparkTime(cluster: string): number | null {
    return this.clusters.get(cluster)?.spark.at(-1)?.t ?? null;
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()];
  }

  snapshot(seq: number, serverTime: number): SnapshotMessage {
    return { type: 'snapshot', seq, serverTime, clusters: [...this.clusters.values()], reports: this.reports, events: [...this.events.values()] };
  }
}
