import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClusterStatus } from '../../shared/health';
import { openSqliteStore } from '../../server/store/sqlite';

const HOUR = 3_600_000;

/** One scripted transition of a cluster: how many hours ago, and from which status to which. */
export type ScriptedStep = readonly [hoursAgo: number, from: ClusterStatus | null, to: ClusterStatus];

/**
 * A SQLite store file in a folder of its own holding one cluster's scripted
 * status history, as a server that has run for days would have kept it;
 * `remove` deletes the folder.
 */
export async function storeWithHistory(cluster: string, steps: readonly ScriptedStep[]): Promise<{ storePath: string; remove(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-history-'));
  const storePath = path.join(dir, 'fleetscope.db');
  const opened = openSqliteStore(storePath);
  if (!opened.ok) throw new Error(opened.fault.message);
  const now = Date.now();
  await opened.store.appendTransitions(
    steps.map(([hoursAgo, from, to]) => ({ cluster, at: now - hoursAgo * HOUR, from, to, reason: to === 'healthy' ? null : `scripted ${to}` })),
  );
  await opened.store.close();
  return { storePath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
