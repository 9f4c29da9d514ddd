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

/** Transitions in a day of flapping every 5 minutes: the status strip's most. */
export const FLAPPING_DAY_TRANSITIONS = 288;

/**
 * A SQLite store file holding, for every cluster, the last 24 hours of
 * flapping between healthy and degraded every 5 minutes: what a wall that
 * has been up for a day (or days) starts from, its strip and timeline full.
 */
export async function storeWithFlappingDay(clusters: readonly string[]): Promise<{ storePath: string; remove(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-history-'));
  const storePath = path.join(dir, 'fleetscope.db');
  const opened = openSqliteStore(storePath);
  if (!opened.ok) throw new Error(opened.fault.message);
  const dayAgo = Date.now() - 24 * HOUR;
  await opened.store.appendTransitions(
    clusters.flatMap((cluster) =>
      Array.from({ length: FLAPPING_DAY_TRANSITIONS }, (_, i) => ({
        cluster,
        at: dayAgo + i * 300_000,
        from: i === 0 ? null : i % 2 ? ('healthy' as const) : ('degraded' as const),
        to: i % 2 ? ('degraded' as const) : ('healthy' as const),
        reason: i % 2 ? 'seeded flapping' : null,
      })),
    ),
  );
  await opened.store.close();
  return { storePath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
