import type { StoreHealth, StoreProblem } from '../../shared/server-status';
import { StoreUnavailableError, storeFault, type StoreFault } from './faults';

/**
 * Faults that last: the file the process has open is no longer the one at
 * the path (or no longer a database), so anything written would be lost at
 * the next start. Every operation is refused until a restart. The others
 * (read-only, unreadable, I/O errors) may pass: operations go on being
 * tried, and the first that succeeds makes the store healthy again.
 */
const LASTING: ReadonlySet<StoreProblem> = new Set(['deleted', 'replaced', 'corrupt']);

/** SQLite result codes and node:fs codes that say the store's file or disk fails (not the statement: a constraint or a bug). */
const FAILURE_CODES = /^(SQLITE_(READONLY|CORRUPT|NOTADB|CANTOPEN|PERM|AUTH|FULL|IOERR|BUSY|LOCKED|NOMEM|PROTOCOL)|EROFS|EACCES|EPERM|ENOENT|ENOSPC|EIO)/;

function isStoreFailure(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && FAILURE_CODES.test(error.code);
}

export interface StoreGuardOptions {
  /** Looks at the store's file: a fault when it is no longer the one opened (`watchDatabaseFile`), null otherwise. */
  check: () => StoreFault | null;
  /** Told each time the health changes (fails, fails otherwise, works again): once per change, so a log line is not repeated per write. */
  onChange: (health: StoreHealth) => void;
  now: () => number;
}

/** The store's health, and the gate every store operation passes. */
export interface StoreGuard {
  health(): StoreHealth;
  /**
   * Runs one operation: refused with StoreUnavailableError while a lasting
   * fault is known, or when the file check finds one; a failure of the file
   * or disk becomes the store's health and is thrown as StoreUnavailableError
   * (other errors, a programmer's, pass unchanged).
   */
  run<T>(operation: () => T): T;
  /** The file check alone (run periodically, so a fault shows without a write). */
  probe(): void;
}

export function createStoreGuard(options: StoreGuardOptions): StoreGuard {
  let health: StoreHealth = { ok: true };

  function fail(fault: StoreFault, cause?: unknown): StoreUnavailableError {
    if (health.ok || health.problem !== fault.problem) {
      health = { ok: false, problem: fault.problem, message: fault.message, since: options.now() };
      options.onChange(health);
    }
    return new StoreUnavailableError(fault, { cause });
  }

  return {
    health: () => health,
    run(operation) {
      if (!health.ok && LASTING.has(health.problem)) throw new StoreUnavailableError(health);
      const found = options.check();
      if (found) throw fail(found);
      let result;
      try {
        result = operation();
      } catch (error) {
        if (!isStoreFailure(error)) throw error;
        const fault = options.check() ?? storeFault(error);
        throw fail(fault, error);
      }
      if (!health.ok) {
        health = { ok: true };
        options.onChange(health);
      }
      return result;
    },
    probe() {
      if (!health.ok && LASTING.has(health.problem)) return;
      const found = options.check();
      if (found) fail(found);
    },
  };
}
