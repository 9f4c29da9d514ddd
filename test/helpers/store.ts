import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';

/** A SQLite store for a test (in memory unless a file is given); a file that cannot be used fails the test's set-up. */
export function openTestStore(file = ':memory:'): Store {
  const opened = openSqliteStore(file);
  if (!opened.ok) throw new Error(`${file}: ${opened.fault.message}`);
  return opened.store;
}
