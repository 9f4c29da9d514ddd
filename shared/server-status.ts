/**
 * fleetscope's own condition, beside its clusters': what the websocket's
 * hello and heartbeat carry (shared/protocol.ts) and the desk's banner shows.
 */

/**
 * Why the store (alert state, outbox, silences, inbound alerts, daily cost)
 * does not work: its file cannot be written (`read_only`), is not a sound
 * SQLite database (`corrupt`), cannot be opened (`unreadable`), was deleted
 * or replaced under the running process, or a read or write failed
 * otherwise (`io_error`: disk full, I/O error).
 */
export const STORE_PROBLEMS = ['read_only', 'corrupt', 'unreadable', 'deleted', 'replaced', 'io_error'] as const;
export type StoreProblem = (typeof STORE_PROBLEMS)[number];

/** Whether the store works; when not, why, in a sentence that names no file path (the server log has the path). */
export type StoreHealth = { ok: true } | { ok: false; problem: StoreProblem; message: string; since: number };

export interface ServerStatus {
  store: StoreHealth;
}
