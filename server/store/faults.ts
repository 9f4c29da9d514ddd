import type { StoreProblem } from '../../shared/server-status';

/** A store failure as data: its kind and a sentence without the file's path (callers that may show it add the path). */
export interface StoreFault {
  readonly problem: StoreProblem;
  readonly message: string;
}

/**
 * A store operation that was refused or failed because the store does not
 * work; `health()` of the store says why. The HTTP layer answers it with 503.
 */
export class StoreUnavailableError extends Error {
  readonly problem: StoreProblem;
  constructor(fault: StoreFault, options?: { cause?: unknown }) {
    super(`the store is not working (${fault.problem}): ${fault.message}`, options);
    this.name = 'StoreUnavailableError';
    this.problem = fault.problem;
  }
}

/** A write fenced by a leader lease that its holder no longer holds (another replica leads now): refused, nothing written. */
export class LeaseLostError extends Error {
  constructor(fence: { holder: string; token: number }) {
    super(`the leader lease (token ${fence.token}) is no longer held by ${fence.holder}: another replica leads`);
    this.name = 'LeaseLostError';
  }
}

/** The store cannot be used at start (thrown by the composition root, reported by the command with its own exit code); `file` is the SQLite file or PostgreSQL's URL without its password. */
export class StoreOpenFailed extends Error {
  readonly file: string;
  readonly fault: StoreFault;
  constructor(file: string, fault: StoreFault) {
    super(`store ${file}: ${fault.message}`);
    this.name = 'StoreOpenFailed';
    this.file = file;
    this.fault = fault;
  }
}

/** What to do about each kind of failure, for the start-up message and the log line; `file` is the database's path (or PostgreSQL's address, without its password). */
export const STORE_REMEDIES: Record<StoreProblem, (file: string) => string> = {
  read_only: (file) =>
    `give the user fleetscope runs as write access to ${file} and to its folder (SQLite writes ${file}-wal and ${file}-shm beside it), or set store.path to a writable place`,
  corrupt: (file) =>
    `with fleetscope stopped, put back a backup of ${file}, or move ${file}, ${file}-wal and ${file}-shm aside so that fleetscope starts with an empty store (no alert state, silences or queued notifications); "sqlite3 ${file} .recover" may save what is left`,
  unreadable: (file) => `make ${file} a file fleetscope can read and write, in a folder it can create files in, or set store.path to another place`,
  deleted: (file) =>
    `stop fleetscope, remove ${file}-wal and ${file}-shm (or put back a backup of all three), and start it again: it starts with an empty store unless a backup is back (inbound alerts return when their Alertmanagers post them again)`,
  replaced: (file) =>
    `restart fleetscope to open what is now at ${file}; if that is not the database it should use, put the right one back first (or move it aside, with ${file}-wal and ${file}-shm, for an empty store)`,
  io_error: (file) => `check the disk that holds ${file} (free space, errors in the kernel log); fleetscope tries again on every write`,
  unreachable: (server) =>
    `check that PostgreSQL at ${server} runs and that fleetscope can reach it (address, firewall, credentials); fleetscope reconnects on its own, with back-off`,
};

const SQLITE_KINDS: ReadonlyArray<[RegExp, StoreProblem, string]> = [
  [/^SQLITE_READONLY/, 'read_only', 'the database cannot be written (a read-only file, folder or file system)'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'corrupt', 'the file is not a SQLite database, or is corrupt'],
  [/^SQLITE_(CANTOPEN|PERM|AUTH)/, 'unreadable', 'the database cannot be opened'],
  [/^SQLITE_FULL/, 'io_error', 'the disk is full'],
];

const FS_KINDS: Readonly<Record<string, [StoreProblem, string]>> = {
  EROFS: ['read_only', 'the file system is read-only'],
  EACCES: ['unreadable', 'permission denied'],
  EPERM: ['unreadable', 'operation not permitted'],
  ENOTDIR: ['unreadable', 'a part of the path is not a folder'],
  EISDIR: ['unreadable', 'the path is a folder'],
  ENOSPC: ['io_error', 'the disk is full'],
};

function codeOf(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** A failure thrown by better-sqlite3 (SqliteError, with its SQLITE_… code) or node:fs, as a fault. */
export function storeFault(error: unknown): StoreFault {
  if (error instanceof StoreUnavailableError) return { problem: error.problem, message: error.message };
  const code = codeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  for (const [pattern, problem, sentence] of SQLITE_KINDS) if (pattern.test(code)) return { problem, message: `${sentence} (${code}: ${text})` };
  const fs = FS_KINDS[code];
  // node:fs messages carry the path; the sentence and the code say enough.
  if (fs) return { problem: fs[0], message: `${fs[1]} (${code})` };
  return { problem: 'io_error', message: code ? `${code}: ${text}` : text };
}
