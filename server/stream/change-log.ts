import type { FleetEvent } from '../../shared/events';
import type { ClusterEntry, StreamReports } from '../../shared/protocol';

/** One published change. A cluster change carries the spark points it adds (0 or 1). */
export type Change =
  { kind: 'cluster'; entry: ClusterEntry } | { kind: 'reports'; reports: Partial<StreamReports> } | { kind: 'events'; events: readonly FleetEvent[] };

/** The newest state of everything that changed in a range of the log. */
export interface FoldedChanges {
  clusters: ClusterEntry[];
  reports: Partial<StreamReports>;
  events: FleetEvent[];
  eventsDropped: number;
}

/**
 * The last `capacity` changes, numbered from 1. Clients that are behind are
 * served from here (coalesced), and a client that reconnects resumes from
 * here when its last sequence number is still covered.
 */
export class ChangeLog {
  private readonly ring: (Change | undefined)[];
  private last = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`change log capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<Change | undefined>(capacity);
  }

  /** Sequence number of the newest change (0 before the first). */
  get seq(): number {
    return this.last;
  }

  append(change: Change): number {
    this.last++;
    this.ring[this.last % this.capacity] = change;
    return this.last;
  }

  /** Whether every change after `since` is still held (so a delta can be built from it). */
  covers(since: number): boolean {
    return Number.isInteger(since) && since >= 0 && since <= this.last && this.last - since <= this.capacity;
  }

  /** Coalesces the changes in `(since, seq]`; null when some of them are no longer held. */
  foldSince(since: number, maxEvents: number): FoldedChanges | null {
    if (!this.covers(since)) return null;
    const clusters = new Map<string, ClusterEntry>();
    let reports: Partial<StreamReports> = {};
    const events = new Map<string, FleetEvent>();
    for (let seq = since + 1; seq <= this.last; seq++) {
      const change = this.ring[seq % this.capacity];
      if (!change) continue;
      if (change.kind === 'cluster') {
        const name = change.entry.health.cluster;
        const previous = clusters.get(name);
        clusters.set(name, { ...change.entry, spark: previous ? [...previous.spark, ...change.entry.spark] : change.entry.spark });
      } else if (change.kind === 'reports') {
        reports = { ...reports, ...change.reports };
      } else {
        for (const event of change.events) {
          events.delete(event.id);
          events.set(event.id, event);
        }
      }
    }
    const allEvents = [...events.values()];
    const kept = allEvents.slice(Math.max(0, allEvents.length - maxEvents));
    return { clusters: [...clusters.values()], reports, events: kept, eventsDropped: allEvents.length - kept.length };
  }
}
