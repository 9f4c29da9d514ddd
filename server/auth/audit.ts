import type { Logger } from '../log';
import type { AuditAction, StoredAuditEntry } from '../store/records';
import type { Store } from '../store/types';
import type { AuthMethod, Identity } from './types';

/** Who did something, for the audit log: an identity and the address it came from, or the server itself. */
export interface AuditActor {
  readonly name: string;
  readonly method: AuthMethod | 'system';
  /** The client's address, or what made the server act (`SIGHUP`, `file change`). */
  readonly from: string;
}

/** The server acting on its own because a file it watches changed. */
export const FILE_CHANGE: AuditActor = { name: 'fleetscope', method: 'system', from: 'file change' };
/** The server acting on a signal (SIGHUP: reload). */
export const SIGNAL = (signal: string): AuditActor => ({ name: 'fleetscope', method: 'system', from: signal });

export function actorOf(identity: Identity, from: string): AuditActor {
  return { name: identity.name, method: identity.method, from };
}

/**
 * The audit log (docs/security.md, "What is logged"): kept in the store and
 * written to the server log too, so that it is read where the team reads
 * its logs. `GET /api/audit` answers it to admins.
 */
export interface AuditLog {
  record(actor: AuditActor, entry: { action: AuditAction; target: string; detail: string }): Promise<void>;
  /** Newest first; `before`: only entries older than that id. */
  list(filter: { limit: number; before?: number }): Promise<StoredAuditEntry[]>;
}

export function createAuditLog(options: { store: Store; logger: Logger; now: () => number }): AuditLog {
  const logger = options.logger.child({ component: 'audit' });
  return {
    async record(actor, { action, target, detail }) {
      const entry = { at: options.now(), action, actor: actor.name, method: actor.method, from: actor.from, target, detail };
      logger.info(entry, `${actor.name} (${actor.method}, from ${actor.from}): ${action} ${target}: ${detail}`);
      await options.store.appendAudit(entry);
    },
    list: (filter) => options.store.listAudit(filter),
  };
}
