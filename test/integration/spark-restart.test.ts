import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import type { SnapshotMessage } from '../../shared/protocol';
import { openSqliteStore } from '../../server/store/sqlite';
import { startTestServer, waitFor } from '../helpers/server';
import { connectWs } from '../helpers/ws-client';

const MIN = 60_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-spark-'));
const storePath = path.join(dir, 'fleetscope.db');

/** legacy-batch's sparkline (warning events per minute) as a wall receives it in the snapshot. */
async function sparkOf(url: string): Promise<Array<{ t: number; v: number }>> {
  const ws = await connectWs(`${url.replace('http', 'ws')}/ws`);
  try {
    const snapshot = await waitFor('a snapshot', () => ws.messages.find((m): m is SnapshotMessage => m.type === 'snapshot'));
    return snapshot.clusters.find((c) => c.health.cluster === 'legacy-batch')?.spark ?? [];
  } finally {
    ws.close();
  }
}

describe("a tile's sparkline survives a restart of the server", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the last hour of warning events per minute in the first snapshot, from the events kept in the store', async () => {
    // What an earlier run saw: 40 FailedScheduling warnings on legacy-batch between 30 and 20 minutes ago.
    const now = Date.now();
    const opened = openSqliteStore(storePath);
    if (!opened.ok) throw new Error(opened.fault.message);
    const event: FleetEvent = {
      id: 'legacy-batch/batch/Pod/report-7/FailedScheduling',
      cluster: 'legacy-batch',
      namespace: 'batch',
      involvedObject: { kind: 'Pod', name: 'report-7', namespace: 'batch' },
      reason: 'FailedScheduling',
      type: 'Warning',
      message: '0/5 nodes are available: 5 Insufficient memory.',
      count: 40,
      firstSeen: now - 30 * MIN,
      lastSeen: now - 20 * MIN,
    };
    await opened.store.saveEvents([event]);
    await opened.store.close();

    const minuteOf = (t: number) => Math.floor((now - t) / MIN);
    const expectScripted = (spark: Array<{ t: number; v: number }>) => {
      expect(spark.length).toBeGreaterThanOrEqual(59);
      const busy = spark.filter((p) => p.v > 0 && minuteOf(p.t) >= 20 && minuteOf(p.t) <= 30);
      // 4 a minute over ten minutes.
      expect(busy.length).toBeGreaterThanOrEqual(9);
      expect(busy.reduce((sum, p) => sum + p.v, 0)).toBeCloseTo(40, 0);
    };
    for (const run of ['first run', 'after a restart']) {
      const app = await startTestServer({ storePath });
      try {
        expectScripted(await sparkOf(app.url));
      } catch (error) {
        throw new Error(`${run}: ${String(error)}`, { cause: error });
      } finally {
        await app.close();
      }
    }
  });
});
