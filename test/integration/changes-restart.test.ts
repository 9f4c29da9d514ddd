import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/protocol';
import type { FleetChange } from '../../shared/reports/changes';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { connectWs } from '../helpers/ws-client';

/** The "what changed" timeline in the first snapshot a new websocket client gets. */
async function snapshotChanges(url: string): Promise<FleetChange[]> {
  const client = await connectWs(`${url.replace('http', 'ws')}/ws`);
  try {
    const snapshot = await waitFor('a snapshot', () => client.messages.find((m): m is Extract<ServerMessage, { type: 'snapshot' }> => m.type === 'snapshot'));
    return snapshot.reports.changes?.changes ?? [];
  } finally {
    client.close();
  }
}

const spec = (version: string) => [{ name: 'edge', labels: {}, version, nodes: 2, podsPerNode: 2 }];

/**
 * A control plane upgraded while fleetscope was down is on the timeline
 * after the start (the last look is kept in the store), and what the
 * timeline showed before the restart is still there after it.
 */
describe('version changes on the "what changed" timeline survive a restart', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-changes-'));
  const storePath = path.join(dir, 'fleetscope.db');
  let sim: SimFleet | null = null;
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (version: string) => {
    await sim?.close();
    sim = await startSimFleet(spec(version), { interval: '1s' });
    const config = validateConfig(sim.configDocument());
    if (!config.ok) throw new Error(config.problems.join('\n'));
    return startTestServer({ config: config.config, storePath });
  };

  it('shows an upgrade made while fleetscope was down, and again after another restart', async () => {
    let app = await start('v1.31.2');
    expect(await snapshotChanges(app.url)).toEqual([]);
    await app.close();

    app = await start('v1.32.0');
    const upgrade = (changes: FleetChange[]) => changes.find((c) => c.kind === 'version' && c.cluster === 'edge');
    const seen = await waitFor('the upgrade on the timeline', async () => upgrade(await snapshotChanges(app.url)));
    expect(seen.text).toBe('kube-apiserver v1.31.2 → v1.32.0');
    await app.close();

    // Same version again: nothing new, and the upgrade still shown, at the time it was first seen.
    app = await start('v1.32.0');
    try {
      const changes = await snapshotChanges(app.url);
      expect(changes.filter((c) => c.kind === 'version')).toEqual([seen]);
    } finally {
      await app.close();
    }
  }, 90_000);
});
