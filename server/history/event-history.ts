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
 * repeat replaces its row), by the replica that leads.
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

export function createEventHistory(options: { store: Store; leads: () => boolean; logger: Logger }): EventHistory {
  const { store, leads } = options;
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
      if (!leads()) return;
      for (const e of events) {
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
