import type { Logger } from '../log';
import type { StoreFault } from './faults';
import { openPostgresStore } from './postgres';
import { redactUrl } from './postgres-faults';
import type { StoreChoice } from './resolve-store';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/** The store, or why it cannot be used, with where it is (the file, or PostgreSQL's URL without its password) for the message. */
export type OpenedStore = { ok: true; store: Store } | { ok: false; where: string; fault: StoreFault };

/** Opens the store the config chose: the SQLite file (its schema set up and checked), or PostgreSQL (reached, its schema migrated). */
export async function openStore(options: { choice: StoreChoice; logger: Logger; now: () => number }): Promise<OpenedStore> {
  const { choice, logger, now } = options;
  if (choice.kind === 'sqlite') {
    const opened = openSqliteStore(choice.path, { logger, now });
    return opened.ok ? opened : { ok: false, where: choice.path, fault: opened.fault };
  }
  const opened = await openPostgresStore({
    url: choice.url,
    connectTimeoutMs: choice.connectTimeoutMs,
    statementTimeoutMs: choice.statementTimeoutMs,
    maxConnections: choice.maxConnections,
    logger,
    now,
  });
  return opened.ok ? opened : { ok: false, where: redactUrl(choice.url), fault: opened.fault };
}
