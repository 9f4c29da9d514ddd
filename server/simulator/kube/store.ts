import type { KubeObject, NewObject, Resource, WatchType } from './types';

/** One write, as it went out to watchers (and into the emitted record). */
export interface StoreChange {
  resourceVersion: number;
  resource: Resource;
  type: WatchType;
  /** The object after the write (for DELETED: the last state, stamped with the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the write; null for ADDED. Watch filters use it to turn "left the selection" into DELETED. */
  previous: KubeObject | null;
}

/** A watch registered with the store. */
export interface StoreWatcher {
  resource: Resource;
  send(change: StoreChange): void;
  /** Ends the stream the way the API server ends a watch: a clean end of the response. */
  end(): void;
}

export interface KubeStoreOptions {
  /** Changes kept for watches that resume from a resourceVersion; older ones are compacted (410 Expired). */
  historyLimit?: number;
  /** Changes kept in `emitted` for tests. */
  recordLimit?: number;
}

export function objectKey(object: KubeObject): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name;
}

/**
 * The simulated etcd plus watch cache of one cluster: one resourceVersion
 * sequence for every resource, a bounded change history that watches resume
 * from, compaction, and the open watches.
 */
export class KubeStore {
  private rv = 0;
  private compacted = 0;
  private readonly objects = new Map<Resource, Map<string, KubeObject>>();
  private history: StoreChange[] = [];
  private readonly watchers = new Set<StoreWatcher>();
  private readonly historyLimit: number;
  private readonly recordLimit: number;
  /** Every write since start (bounded by recordLimit, oldest dropped first). */
  readonly emitted: StoreChange[] = [];

  constructor(options: KubeStoreOptions = {}) {
    this.historyLimit = options.historyLimit ?? 5000;
    this.recordLimit = options.recordLimit ?? 50_000;
    for (const r of ['nodes', 'namespaces', 'pods', 'events'] as const) this.objects.set(r, new Map());
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** Watches and lists at or below this resourceVersion answer 410 Expired. */
  get compactedRevision(): number {
    return this.compacted;
  }

  private map(resource: Resource): Map<string, KubeObject> {
    const map = this.objects.get(resource);
    if (!map) throw new Error(`unknown resource ${resource}`);
    return map;
  }

  get(resource: Resource, key: string): KubeObject | undefined {
    return this.map(resource).get(key);
  }

  /** Current objects, sorted by key as etcd returns them. */
  list(resource: Resource): KubeObject[] {
    const map = this.map(resource);
    return [...map.keys()].sort().map((k) => map.get(k)!);
  }

  /** Creates or replaces an object, stamping the next resourceVersion. */
  put(resource: Resource, object: NewObject): KubeObject {
    const stored: KubeObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.rv) } };
    const key = objectKey(stored);
    const previous = this.map(resource).get(key) ?? null;
    this.map(resource).set(key, stored);
    this.record({ resourceVersion: this.rv, resource, type: previous ? 'MODIFIED' : 'ADDED', object: stored, previous });
    return stored;
  }

  delete(resource: Resource, key: string): KubeObject | undefined {
    const previous = this.map(resource).get(key);
    if (!previous) return undefined;
    this.map(resource).delete(key);
    const object: KubeObject = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(++this.rv) } };
    this.record({ resourceVersion: this.rv, resource, type: 'DELETED', object, previous });
    return object;
  }

  private record(change: StoreChange): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compacted = Math.max(this.compacted, dropped.at(-1)!.resourceVersion);
    }
    this.emitted.push(change);
    if (this.emitted.length > this.recordLimit) this.emitted.splice(0, this.emitted.length - this.recordLimit);
    for (const watcher of this.watchers) if (watcher.resource === change.resource) watcher.send(change);
  }

  /**
   * Forgets history up to `revision` (default: everything so far), like etcd
   * compaction: a watch or an exact list from an older resourceVersion then
   * gets 410 Expired.
   */
  compact(revision = this.rv): number {
    this.compacted = Math.max(this.compacted, Math.min(revision, this.rv));
    this.history = this.history.filter((c) => c.resourceVersion > this.compacted);
    return this.compacted;
  }

  /** Changes of `resource` after `resourceVersion`, or null when that point was compacted. */
  changesSince(resource: Resource, resourceVersion: number): StoreChange[] | null {
    if (resourceVersion < this.compacted) return null;
    return this.history.filter((c) => c.resource === resource && c.resourceVersion > resourceVersion);
  }

  watch(watcher: StoreWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  /** Ends every open watch server-side (clients see the response end and must re-watch). */
  closeWatches(): number {
    const open = [...this.watchers];
    this.watchers.clear();
    for (const watcher of open) watcher.end();
    return open.length;
  }
}
