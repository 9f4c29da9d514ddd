import type { FleetChange } from '../../shared/reports/changes';
import { factChanges, type ClusterFacts } from '../reports/changes';
import { StoreUnavailableError } from '../store/faults';
import { periodic } from './periodic';
import type { StatusHistoryOptions } from './status-history';

/** Version and image changes kept in memory at most (the newest; the timeline shows far fewer, the store keeps the retention). */
const MAX_KEPT = 2_000;
/** A replica that reads back starts this long before the newest change it holds: the writer writes a little after it observes. */
const READ_BACK_MARGIN_MS = 60_000;

/**
 * Follows each cluster's API server versions and workload images from one
 * look to the next and keeps what changed, in the store with the history's
 * retention. The last look of each cluster is kept too, so a version
 * upgraded while fleetscope was down is a change at its first look after
 * the start. Status transitions and event bursts come from their own histories.
 */
export interface ChangeHistory {
  /** Compares each cluster's facts with its previous look (the clusters this replica writes); returns every change kept, oldest first. */
  observe(facts: readonly ClusterFacts[], at: number): readonly FleetChange[];
  /** Writes what is pending, reads back what other replicas wrote (when it does), applies the retention. */
  sync(): Promise<void>;
  start(intervalMs: number): void;
  close(): Promise<void>;
}

/** The same as the status history's: who writes which cluster, who reads back, the retention. */
export type ChangeHistoryOptions = StatusHistoryOptions;

/** A cluster's look as the store keeps it: plain JSON. Pure. */
export function encodeFacts(facts: ClusterFacts): string {
  return JSON.stringify({ apiServer: facts.apiServer, images: [...facts.images].sort(([a], [b]) => a.localeCompare(b)) });
}

/** A look read back from the store; null when the body is not one (then the next look is the baseline). Pure. */
export function decodeFacts(cluster: string, body: string): ClusterFacts | null {
  try {
    const parsed = JSON.parse(body) as { apiServer?: unknown; images?: unknown };
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (!strings(parsed.apiServer) || !Array.isArray(parsed.images)) return null;
    const images = new Map<string, readonly string[]>();
    for (const entry of parsed.images as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !strings(entry[1])) return null;
      images.set(entry[0], entry[1]);
    }
    return { cluster, apiServer: parsed.apiServer, images };
  } catch {
    return null;
  }
}

const keyOf = (c: FleetChange) => `${c.cluster}\u0000${c.at}\u0000${c.text}`;

export async function createChangeHistory(options: ChangeHistoryOptions): Promise<ChangeHistory> {
  const { store, retentionMs, writes, readsBack, now } = options;
  const logger = options.logger.child({ component: 'history' });
  const last = new Map<string, ClusterFacts>();
  const lastBody = new Map<string, string>();
  const kept = new Map<string, FleetChange>();
  let ordered: FleetChange[] = [];
  let pendingChanges: FleetChange[] = [];
  let pendingFacts = new Map<string, string>();
  let newest = 0;
  let failing = false;

  function keep(changes: readonly FleetChange[]): void {
    let added = false;
    for (const c of changes) {
      if (kept.has(keyOf(c))) continue;
      kept.set(keyOf(c), c);
      newest = Math.max(newest, c.at);
      added = true;
    }
    if (!added) return;
    ordered = [...kept.values()].sort((a, b) => a.at - b.at || a.cluster.localeCompare(b.cluster) || a.text.localeCompare(b.text));
    if (ordered.length > MAX_KEPT) {
      for (const c of ordered.slice(0, ordered.length - MAX_KEPT)) kept.delete(keyOf(c));
      ordered = ordered.slice(-MAX_KEPT);
    }
  }

  try {
    for (const row of await store.loadClusterFacts()) {
      const facts = decodeFacts(row.cluster, row.body);
      if (facts) {
        last.set(row.cluster, facts);
        lastBody.set(row.cluster, row.body);
      }
    }
    keep(await store.factChangesSince(now() - retentionMs));
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    logger.warn({ problem: error.problem }, 'version and image changes not read: the store is not working; the first look is the baseline');
  }

  async function syncOnce(): Promise<void> {
    const t = now();
    try {
      if (pendingChanges.length) {
        const batch = pendingChanges;
        await store.appendFactChanges(batch);
        pendingChanges = pendingChanges.filter((c) => !batch.includes(c));
      }
      if (pendingFacts.size) {
        const batch = pendingFacts;
        pendingFacts = new Map();
        try {
          await store.saveClusterFacts([...batch].map(([cluster, body]) => ({ cluster, body })));
        } catch (error) {
          pendingFacts = new Map([...batch, ...pendingFacts]);
          throw error;
        }
      }
      if (store.shared && readsBack()) keep(await store.factChangesSince(Math.max(0, newest - READ_BACK_MARGIN_MS)));
      const expired = ordered.filter((c) => c.at < t - retentionMs);
      if (expired.length) {
        for (const c of expired) kept.delete(keyOf(c));
        ordered = ordered.slice(expired.length);
      }
      if (failing) logger.info('version and image changes written again');
      failing = false;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (!failing)
        logger.warn(
          { problem: error.problem, pending: pendingChanges.length },
          'version and image changes not written: the store is not working; kept in memory until it is',
        );
      failing = true;
      if (pendingChanges.length > MAX_KEPT) pendingChanges = pendingChanges.slice(-MAX_KEPT);
    }
  }

  const syncing = periodic(syncOnce);
  return {
    observe(facts, at) {
      const seen: FleetChange[] = [];
      for (const after of facts) {
        if (!writes(after.cluster)) continue;
        const before = last.get(after.cluster);
        if (before) seen.push(...factChanges(before, after, at));
        // What a look does not know (a failing source) keeps the previous look as the baseline.
        const baseline: ClusterFacts = {
          cluster: after.cluster,
          apiServer: after.apiServer.length > 0 ? after.apiServer : (before?.apiServer ?? []),
          images: after.images.size > 0 ? after.images : (before?.images ?? new Map()),
        };
        last.set(after.cluster, baseline);
        if (baseline.apiServer.length === 0 && baseline.images.size === 0) continue;
        const body = encodeFacts(baseline);
        if (lastBody.get(after.cluster) !== body) {
          lastBody.set(after.cluster, body);
          pendingFacts.set(after.cluster, body);
        }
      }
      if (seen.length) {
        keep(seen);
        pendingChanges.push(...seen);
      }
      return ordered;
    },
    sync: () => syncing.run(),
    start: (intervalMs) => syncing.start(intervalMs),
    async close() {
      await syncing.stop();
      if (pendingChanges.length || pendingFacts.size) await syncOnce();
    },
  };
}
