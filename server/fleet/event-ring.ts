import type { FleetEvent } from '../../shared/events';
import type { ObservedEvent } from './inputs';

interface Contribution {
  key: string;
  resourceVersion: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** What one observation did to the feed: a new record, an updated one, or nothing (a repeat already recorded). */
export type RingChange = { kind: 'added' | 'updated'; event: FleetEvent } | { kind: 'unchanged' };

/**
 * The recent events of one cluster, merged and bounded. Records are keyed by
 * involved object + reason, so repeats of one object and reason (new Event
 * objects or count bumps of one) become one record whose count adds up and
 * whose lastSeen moves. An Event object seen again with a resourceVersion
 * already recorded (a relist, a resumed watch) changes nothing, which is what
 * keeps relists free of duplicates. At most `size` records are kept; the one
 * least recently seen leaves first.
 */
export class EventRing {
  /** Insertion order = order of last change, oldest first. */
  private readonly records = new Map<string, FleetEvent>();
  /** Per Event object (uid): what it added to its record, to apply count deltas. */
  private readonly objects = new Map<string, Contribution>();
  private cached: readonly FleetEvent[] | null = null;
  /** Ids of records restored from the store: the first live observation of one replaces it rather than adding to its count. */
  private readonly restored = new Set<string>();

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`EventRing size must be a positive integer, got ${size}`);
  }

  get length(): number {
    return this.records.size;
  }

  observe(observed: ObservedEvent): RingChange {
    const { uid, resourceVersion, event } = observed;
    const previous = this.objects.get(uid);
    if (previous && previous.resourceVersion === resourceVersion) return { kind: 'unchanged' };
    if (previous && previous.count === event.count && previous.lastSeen === event.lastSeen && previous.key === event.id) {
      previous.resourceVersion = resourceVersion;
      return { kind: 'unchanged' };
    }
    const record = this.records.get(event.id);
    let merged: FleetEvent;
    if (!record) {
      merged = event;
    } else if (this.restored.delete(event.id)) {
      // The API's Event objects carry their whole count again after a restart: what was kept is their past, not more of it.
      merged = { ...event, firstSeen: Math.min(record.firstSeen, event.firstSeen) };
      this.records.delete(event.id);
    } else {
      const priorShare = previous && previous.key === event.id ? previous.count : 0;
      merged = {
        ...event,
        count: Math.max(1, record.count - priorShare + event.count),
        firstSeen: Math.min(record.firstSeen, event.firstSeen),
        lastSeen: Math.max(record.lastSeen, event.lastSeen),
        // The newest wording and type win; an older object's update keeps the record's.
        ...(event.lastSeen < record.lastSeen ? { message: record.message, type: record.type } : {}),
      };
      this.records.delete(event.id);
    }
    this.records.set(event.id, merged);
    this.objects.delete(uid);
    this.objects.set(uid, { key: event.id, resourceVersion, count: event.count, firstSeen: event.firstSeen, lastSeen: event.lastSeen });
    this.evict();
    this.cached = null;
    return { kind: record ? 'updated' : 'added', event: merged };
  }

  /**
   * Puts back records kept in the store (after a restart or a failover),
   * least recently seen first, under the live ones: a record the ring
   * already holds is left as it is.
   */
  restore(records: readonly FleetEvent[]): void {
    const live = [...this.records.entries()];
    const liveIds = new Set(this.records.keys());
    this.records.clear();
    for (const r of records) {
      if (liveIds.has(r.id)) continue;
      this.records.set(r.id, r);
      this.restored.add(r.id);
    }
    for (const [id, r] of live) this.records.set(id, r);
    this.evict();
    for (const id of this.restored) if (!this.records.has(id)) this.restored.delete(id);
    this.cached = null;
  }

  /**
   * Takes records as another replica keeps them (sharding: the cluster is
   * watched there): each replaces the record of its id, as the newest
   * change; answers those that differ from what was held.
   */
  mirror(records: readonly FleetEvent[]): FleetEvent[] {
    const changed: FleetEvent[] = [];
    for (const r of records) {
      const held = this.records.get(r.id);
      if (held && held.count === r.count && held.lastSeen === r.lastSeen && held.message === r.message) continue;
      this.records.delete(r.id);
      this.records.set(r.id, r);
      changed.push(r);
    }
    if (changed.length) {
      this.evict();
      this.cached = null;
    }
    return changed;
  }

  /** Records, oldest change first. The array is shared until the next change: do not mutate. */
  toArray(): readonly FleetEvent[] {
    this.cached ??= Object.freeze([...this.records.values()]);
    return this.cached;
  }

  private evict(): void {
    while (this.records.size > this.size) {
      const oldest = this.records.keys().next().value;
      if (oldest === undefined) break;
      this.records.delete(oldest);
    }
    // Object bookkeeping is bounded too: a few objects per record is the common case.
    while (this.objects.size > this.size * 4) {
      const oldest = this.objects.keys().next().value;
      if (oldest === undefined) break;
      this.objects.delete(oldest);
    }
  }
}
