import type { ClusterHealth } from '../../shared/health';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../store/faults';
import { periodic } from './periodic';
import type { StatusTransition, Store } from '../store/types';

/** Transitions kept in memory per cluster at most (a flapping cluster's oldest go first; the store keeps the retention). */
const MAX_PER_CLUSTER = 5_000;
/** A follower reads back from this long before the newest transition it holds: the leader writes a little after it observes. */
const READ_BACK_MARGIN_MS = 60_000;

/**
 * Each cluster's status over time: the transitions (healthy → degraded at
 * 14:02 because "3 of 12 nodes NotReady"), kept in the store with a
 * retention, so that a restarted or newly elected replica says the same
 * "since" as before. The replica that leads writes what it observes; the
 * others show what the leader wrote (read back every sync).
 */
export interface StatusHistory {
  /** Takes in a cluster's status as just computed; a change from the last one held is a transition (when this replica leads; `unknown` never is). */
  observe(health: Pick<ClusterHealth, 'cluster' | 'status' | 'reasons'>, at: number): void;
  /** When the cluster's current status began (epoch ms); null before any is known. */
  since(cluster: string): number | null;
  /** The cluster's transitions at or after `from`, oldest first, with the one in force at `from` first when there is one. */
  transitions(cluster: string, from: number): StatusTransition[];
  /** Writes what is pending (leader), reads back what others wrote (follower), applies the retention. */
  sync(): Promise<void>;
  /** Syncs every `intervalMs`. */
  start(intervalMs: number): void;
  close(): Promise<void>;
}

export interface StatusHistoryOptions {
  store: Store;
  /** How long transitions are kept (store.historyRetention). */
  retentionMs: number;
  /** Whether this replica writes the cluster's transitions now: the leader does (every replica sees every cluster), or in a sharded fleet the replica that scrapes it. */
  writes: (cluster: string) => boolean;
  /** Whether it reads back what other replicas wrote, every sync: a follower does, and every replica of a sharded fleet. */
  readsBack: () => boolean;
  logger: Logger;
  now: () => number;
}

export async function createStatusHistory(options: StatusHistoryOptions): Promise<StatusHistory> {
  const { store, retentionMs, writes, readsBack, now } = options;
  const logger = options.logger.child({ component: 'history' });
  const byCluster = new Map<string, StatusTransition[]>();
  let pending: StatusTransition[] = [];
  let newest = 0;
  let failing = false;

  function add(t: StatusTransition): void {
    const list = byCluster.get(t.cluster) ?? [];
    if (list.some((x) => x.at === t.at)) return;
    list.push(t);
    list.sort((a, b) => a.at - b.at);
    if (list.length > MAX_PER_CLUSTER) list.splice(0, list.length - MAX_PER_CLUSTER);
    byCluster.set(t.cluster, list);
    newest = Math.max(newest, t.at);
  }

  async function readBack(from: number): Promise<void> {
    for (const t of await store.transitionsSince(from)) add(t);
  }
  // From the start: the store keeps, besides the retention, each cluster's transition in force at its start.
  await readBack(0).catch((error: unknown) => {
    if (!(error instanceof StoreUnavailableError)) throw error;
    logger.warn({ problem: error.problem }, 'status history not read: the store is not working; "since" starts now');
  });

  async function syncOnce(): Promise<void> {
    const t = now();
    try {
      if (pending.length) {
        const batch = pending;
        await store.appendTransitions(batch);
        pending = pending.filter((p) => !batch.includes(p));
      }
      if (store.shared && readsBack()) await readBack(Math.max(0, newest - READ_BACK_MARGIN_MS));
      await store.pruneHistory(t - retentionMs);
      for (const [cluster, list] of byCluster) {
        const cut = list.findIndex((x) => x.at >= t - retentionMs);
        // The transition in force at the retention's start stays: it says what the status was then.
        if (cut > 1) byCluster.set(cluster, list.slice(cut - 1));
      }
      if (failing) logger.info('status history written again');
      failing = false;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (!failing)
        logger.warn({ problem: error.problem, pending: pending.length }, 'status history not written: the store is not working; kept in memory until it is');
      failing = true;
      // Bounded while the store is down: the newest transitions of each cluster are what matters.
      if (pending.length > MAX_PER_CLUSTER) pending = pending.slice(-MAX_PER_CLUSTER);
    }
  }

  const syncing = periodic(syncOnce);
  const history: StatusHistory = {
    observe(health, at) {
      // Unknown is no data yet (before the first fetch after a start): not a status the cluster had, so not a transition.
      if (health.status === 'unknown' || !writes(health.cluster)) return;
      const last = byCluster.get(health.cluster)?.at(-1);
      if (last?.to === health.status) return;
      const transition: StatusTransition = {
        cluster: health.cluster,
        at,
        from: last?.to ?? null,
        to: health.status,
        reason: health.reasons[0]?.message ?? null,
      };
      add(transition);
      pending.push(transition);
    },
    since: (cluster) => byCluster.get(cluster)?.at(-1)?.at ?? null,
    transitions(cluster, from) {
      const list = byCluster.get(cluster) ?? [];
      const first = list.findLastIndex((x) => x.at <= from);
      return list.slice(Math.max(0, first));
    },
    sync: () => syncing.run(),
    start: (intervalMs) => syncing.start(intervalMs),
    async close() {
      await syncing.stop();
      if (pending.length) await syncOnce();
    },
  };
  return history;
}
