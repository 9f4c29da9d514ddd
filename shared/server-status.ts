/**
 * fleetscope's own condition, beside its clusters': what the websocket's
 * hello and heartbeat carry (shared/protocol.ts) and the desk's banner shows.
 */

/**
 * Why the store (alert state, outbox, silences, inbound alerts, daily cost)
 * does not work: its file cannot be written (`read_only`), is not a sound
 * SQLite database (`corrupt`), cannot be opened (`unreadable`), was deleted
 * or replaced under the running process, or a read or write failed
 * otherwise (`io_error`: disk full, I/O error); with PostgreSQL, the server
 * cannot be reached or dropped the connection (`unreachable`: fleetscope
 * reconnects on its own).
 */
export const STORE_PROBLEMS = ['read_only', 'corrupt', 'unreadable', 'deleted', 'replaced', 'io_error', 'unreachable'] as const;
export type StoreProblem = (typeof STORE_PROBLEMS)[number];

/** Whether the store works; when not, why, in a sentence that names no file path (the server log has the path). */
export type StoreHealth = { ok: true } | { ok: false; problem: StoreProblem; message: string; since: number };

/**
 * Whether the Prometheus web configuration file (server.webConfigFile) in
 * force is the one on disk: when it was changed into one fleetscope cannot
 * use, the one read before stays in force and `problems` say why (each
 * naming its field, never a file path or a secret), since `since`.
 */
export type WebConfigHealth = { ok: true } | { ok: false; problems: readonly string[]; since: number };

export interface ServerStatus {
  store: StoreHealth;
  /** Absent when fleetscope runs without a web configuration file. */
  webConfig?: WebConfigHealth;
}
