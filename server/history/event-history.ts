import type { FleetEvent } from '../../shared/events';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../store/faults';
import { periodic } from './periodic';
import type { Store } from '../store/types';

/** Event records waiting to be written at most (the newest change of each id wins; the oldest ids go first past this). */
const MAX_PENDING = 50_000;

/**
 * The event feed kept in the store, so that a restarted or newly elected
 * replica shows the same recent events. Records are written by id (a
 * repeat replaces its row), by the replica that leads (in a sharded fleet,
 * by the replica that watches the cluster).
 */
export interface EventHistory {
  /** Takes in changed records (FleetState.onEvents). */
  record(events: readonly FleetEvent[]): void;
  sync(): Promise<void>;
  start(intervalMs: number): void;
  close(): Promise<void>;
}

/** The events kept within the retention, newest `limit`, least recently seen first; none when the store does not work (logged). */
export async function loadEvents(options: { store: Store; retentionMs: number; limit: number; logger: Logger; now: () => number }): Promise<FleetEvent[]> {
  try {
    return await options.store.eventsSince(options.now() - options.retentionMs, options.limit);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    options.logger.warn({ component: 'history', problem: error.problem }, 'events not read back: the store is not working; the feed starts empty');
    return [];
  }
}

export function createEventHistory(options: {
  store: Store;
  /** Whether this replica writes the cluster's events: the leader does (every replica watches every cluster), or in a sharded fleet the replica that watches it. */
  writes: (cluster: string) => boolean;
  logger: Logger;
}): EventHistory {
  const { store, writes } = options;
  const logger = options.logger.child({ component: 'history' });
  let pending = new Map<string, FleetEvent>();
  let failing = false;

  async function syncOnce(): Promise<void> {
    if (!pending.size) return;
    const batch = pending;
    pending = new Map();
    try {
      await store.saveEvents([...batch.values()]);
      if (failing) logger.info('events written again');
      failing = false;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (!failing) logger.warn({ problem: error.problem, pending: batch.size }, 'events not written: the store is not working; kept in memory until it is');
      failing = true;
      // Put back under what came meanwhile (newer changes of an id win).
      pending = new Map([...batch, ...pending]);
      for (const id of pending.keys()) {
        if (pending.size <= MAX_PENDING) break;
        pending.delete(id);
      }
    }
  }

  const syncing = periodic(syncOnce);
  const history: EventHistory = {
    record(events) {
      for (const e of events) {
        if (!writes(e.cluster)) continue;
        pending.delete(e.id);
        pending.set(e.id, e);
      }
      while (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value ?? '');
    },
    sync: () => syncing.run(),
    start: (intervalMs) => syncing.start(intervalMs),
    async close() {
      await syncing.stop();
      await syncOnce();
    },
  };
  return history;
}

/** A sharded replica reads back events this far before the newest last-seen time it read: an owner writes a little after it observes, and an event's time is its cluster's. */
const MIRROR_MARGIN_MS = 600_000;
/** Events read back at most per read. */
const MIRROR_LIMIT = 10_000;

/**
 * In a sharded fleet, the events of the clusters other replicas watch, read
 * back from the store every sync into this replica's rings (the event feed
 * and the wall show the whole fleet).
 */
export function createEventMirror(options: {
  store: Store;
  /** Whether this replica takes the cluster's events from the store (it does not watch it). */
  mirrors: (cluster: string) => boolean;
  /** Takes the events read, answers those that changed (FleetState.mirrorEvents). */
  apply: (events: readonly FleetEvent[]) => readonly FleetEvent[];
  /** Told the changed ones (the stream). */
  changed: (events: readonly FleetEvent[]) => void;
  retentionMs: number;
  logger: Logger;
  now: () => number;
}): { start(intervalMs: number): void; sync(): Promise<void>; close(): Promise<void> } {
  const { store } = options;
  const logger = options.logger.child({ component: 'history' });
  let newest = 0;
  let failing = false;
  const syncing = periodic(async () => {
    try {
      const from = Math.max(newest - MIRROR_MARGIN_MS, options.now() - options.retentionMs);
      const events = (await store.eventsSince(from, MIRROR_LIMIT)).filter((e) => options.mirrors(e.cluster));
      for (const e of events) newest = Math.max(newest, e.lastSeen);
      const changed = options.apply(events);
      if (changed.length) options.changed(changed);
      failing = false;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (!failing) logger.warn({ problem: error.problem }, "other replicas' events not read: the store is not working");
      failing = true;
    }
  });
  return { start: (ms) => syncing.start(ms), sync: () => syncing.run(), close: () => syncing.stop() };
}
