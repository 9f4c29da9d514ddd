import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import type { FleetHealth } from '../../shared/health';
import type { Fleetscope } from '../../server/main';
import { startTestServer, waitFor } from '../helpers/server';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-history-'));
const storePath = path.join(dir, 'fleetscope.db');
const clusters = async (app: Fleetscope): Promise<FleetHealth> => (await fetch(`${app.url}/api/clusters`)).json();
const events = async (app: Fleetscope): Promise<FleetEvent[]> =>
  ((await (await fetch(`${app.url}/api/events?limit=1000`)).json()) as { events: FleetEvent[] }).events;
const history = async (app: Fleetscope, name: string) =>
  (await (await fetch(`${app.url}/api/clusters/${name}/history`)).json()) as {
    cluster: string;
    transitions: Array<{ at: number; from: string | null; to: string; reason: string | null }>;
  };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('status history and events survive a restart', () => {
  it('says the same "since" and shows the same recent events after fleetscope is restarted on its store', async () => {
    let app = await startTestServer({ storePath });
    const before = await waitFor('every cluster with a status since', async () => {
      const fleet = await clusters(app);
      return fleet.clusters.every((c) => typeof c.statusSince === 'number') ? fleet : undefined;
    });
    const seen = await waitFor('events in the feed', async () => {
      const list = await events(app);
      return list.length > 0 ? list : undefined;
    });
    const degraded = before.clusters.find((c) => c.status === 'degraded')!;
    expect(degraded).toBeDefined();
    const transitions = (await history(app, degraded.cluster)).transitions;
    expect(transitions.at(-1)).toMatchObject({ at: degraded.statusSince, to: 'degraded', reason: degraded.reasons[0]?.message });
    // Written within a second or so.
    await new Promise((r) => setTimeout(r, 1500));
    await app.close();

    app = await startTestServer({ storePath });
    try {
      const after = await clusters(app);
      for (const c of before.clusters) {
        const now = after.clusters.find((x) => x.cluster === c.cluster)!;
        expect([c.cluster, now.status, now.statusSince]).toEqual([c.cluster, c.status, c.statusSince]);
      }
      expect((await history(app, degraded.cluster)).transitions).toEqual(transitions);
      const ids = new Set((await events(app)).map((e) => e.id));
      for (const e of seen) expect(ids.has(e.id), e.id).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('answers 404 for a cluster not in the fleet and 400 for a from it cannot read', async () => {
    const app = await startTestServer({ storePath: ':memory:' });
    try {
      expect((await fetch(`${app.url}/api/clusters/nowhere/history`)).status).toBe(404);
      const bad = await fetch(`${app.url}/api/clusters/${app.fleet.snapshot().clusters[0]!.name}/history?from=yesterday`);
      expect([bad.status, await bad.json()]).toEqual([400, { error: 'from: "yesterday" is neither Unix seconds nor an RFC 3339 time' }]);
    } finally {
      await app.close();
    }
  });
});
