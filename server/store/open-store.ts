import type { Logger } from '../log';
import type { StoreFault } from './faults';
import { openPostgresStore } from './postgres';
import { redactUrl } from './postgres-faults';
import type { StoreChoice } from './resolve-store';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/** The store, or why it cannot be used, with where it is (the file, or PostgreSQL's URL without its password) for the message. */
export type OpenedStore = { ok: true; store: Store } | { ok: false; where: string; fault: StoreFault };

/**
 * Opens the store the config chose: the SQLite file (its schema set up and
 * checked), or PostgreSQL (reached, its schema migrated), waiting up to
 * `startupWaitMs` for a PostgreSQL that cannot be reached yet.
 */
export async function openStore(options: { choice: StoreChoice; logger: Logger; now: () => number }): Promise<OpenedStore> {
  const { choice, logger, now } = options;
  if (choice.kind === 'sqlite') {
    const opened = openSqliteStore(choice.path, { logger, now });
    return opened.ok ? opened : { ok: false, where: choice.path, fault: opened.fault };
  }
  const where = redactUrl(choice.url);
  const open = () =>
    openPostgresStore({
      url: choice.url,
      connectTimeoutMs: choice.connectTimeoutMs,
      statementTimeoutMs: choice.statementTimeoutMs,
      maxConnections: choice.maxConnections,
      logger,
      now,
    });
  const giveUpAt = now() + choice.startupWaitMs;
  for (let wait = STARTUP_RETRY_FIRST_MS; ; wait = Math.min(wait * 2, STARTUP_RETRY_MAX_MS)) {
    const opened = await open();
    if (opened.ok) return opened;
    // Only a server not reachable yet is worth waiting for; a wrong password or database will not fix itself.
    if (opened.fault.problem !== 'unreachable' || now() + wait > giveUpAt) return { ok: false, where, fault: opened.fault };
    logger.warn({ component: 'store', server: where, retryInMs: wait }, `waiting for PostgreSQL at ${where}: ${opened.fault.message}`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The start's retries while PostgreSQL cannot be reached: first and longest wait. */
const STARTUP_RETRY_FIRST_MS = 500;
const STARTUP_RETRY_MAX_MS = 5_000;
