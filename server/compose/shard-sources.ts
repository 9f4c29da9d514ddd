import type { FleetState } from '../fleet/state';
import type { Logger } from '../log';
import type { Membership } from '../sharding/membership';
import type { SourceWorker } from '../sources/types';
import type { FleetSources } from './sources';

/** How often clusters whose handover ended are given up. */
const RELEASE_CHECK_MS = 1_000;

/**
 * Which clusters this replica of a sharded fleet scrapes and watches: those
 * it owns, started as soon as a heartbeat gives them to it, and those it
 * lost, kept for the handover so that the new owner's first scrape comes
 * before the old one's last (no gap on the wall). A cluster given up is
 * forgotten: its series, nodes and source states leave this replica.
 */
export interface ShardSources {
  /** True when this replica's own data of the cluster is what it serves: scraped here, first attempt in. */
  local(cluster: string): boolean;
  /** Clusters scraped here now (owned, or handed over). */
  active(): string[];
  /** Whether results of this worker still go into the fleet. */
  accepts(worker: SourceWorker): boolean;
  /** Told when a cluster becomes local or stops being local. */
  onLocalChange(listener: (cluster: string) => void): () => void;
  /** Takes the members in force now; resolves once each cluster it started made its first attempt. */
  reconcile(): Promise<void>;
  /** The clusters started here whose first attempt is not in yet. */
  waiting(): string[];
  start(): void;
  stop(): void;
}

interface Active {
  workers: SourceWorker[];
  firstDone: boolean;
  first: Promise<void>;
  /** When the handover ends (the cluster moved to another replica); null while it is this one's. */
  releaseAt: number | null;
}

export function createShardSources(options: {
  clusters: readonly string[];
  membership: Membership;
  /** Set later: the sources need `accepts` of this object (createFleetSources). */
  sources: () => FleetSources;
  fleet: FleetState;
  handoverMs: number;
  logger: Logger;
  now: () => number;
}): ShardSources {
  const { clusters, membership, fleet, handoverMs, now } = options;
  const logger = options.logger.child({ component: 'sharding', replica: membership.replica });
  const active = new Map<string, Active>();
  const live = new Set<SourceWorker>();
  const listeners = new Set<(cluster: string) => void>();
  let timer: NodeJS.Timeout | null = null;
  const tell = (cluster: string) => {
    for (const l of listeners) l(cluster);
  };

  function begin(cluster: string): Active {
    const workers = options.sources().workersFor(cluster);
    for (const w of workers) live.add(w);
    const entry: Active = { workers, firstDone: false, releaseAt: null, first: Promise.resolve() };
    entry.first = Promise.all(workers.map((w) => w.start())).then(() => {
      if (active.get(cluster) !== entry) return;
      entry.firstDone = true;
      tell(cluster);
    });
    active.set(cluster, entry);
    return entry;
  }

  function release(cluster: string, entry: Active): void {
    for (const w of entry.workers) {
      w.stop();
      live.delete(w);
    }
    active.delete(cluster);
    fleet.forget(cluster);
    options.sources().release(cluster);
    tell(cluster);
  }

  function releaseDue(): void {
    const t = now();
    const given: string[] = [];
    for (const [cluster, entry] of active) {
      if (entry.releaseAt !== null && entry.releaseAt <= t) {
        release(cluster, entry);
        given.push(cluster);
      }
    }
    if (given.length) logger.info({ clusters: given.length }, 'handover over: clusters given up');
  }

  return {
    local: (cluster) => active.get(cluster)?.firstDone ?? false,
    active: () => [...active.keys()],
    accepts: (worker) => live.has(worker),
    onLocalChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reconcile() {
      const t = now();
      const started: Promise<void>[] = [];
      let gained = 0;
      let lost = 0;
      for (const cluster of clusters) {
        const mine = membership.ownerOf(cluster) === membership.replica;
        const entry = active.get(cluster);
        if (mine && !entry) {
          started.push(begin(cluster).first);
          gained++;
        } else if (mine && entry) entry.releaseAt = null;
        else if (!mine && entry && entry.releaseAt === null) {
          entry.releaseAt = t + handoverMs;
          lost++;
        }
      }
      if (gained || lost) logger.info({ gained, handingOver: lost, scraping: active.size }, 'clusters of this replica changed');
      await Promise.all(started);
    },
    waiting: () => [...active].filter(([, e]) => !e.firstDone).map(([c]) => c),
    start() {
      timer ??= setInterval(releaseDue, RELEASE_CHECK_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      for (const entry of active.values()) for (const w of entry.workers) w.stop();
      live.clear();
    },
  };
}
