import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { startTestServer, waitFor } from '../helpers/server';

describe('fleetscope on a PostgreSQL store', () => {
  let pg: TestPostgres;
  let sim: SimFleet;
  let dir: string;
  let app: Awaited<ReturnType<typeof startTestServer>> | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-pg-server-'));
    pg = await startPostgres();
    sim = await startSimFleet([{ name: 'prod-eu', labels: {}, version: 'v1.30.6', nodes: 1, podsPerNode: 1 }], { interval: '1s', prometheusOnly: true });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await sim?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (store: Record<string, unknown> = {}) => {
    const urlFile = path.join(dir, 'postgres-url');
    // A password in the URL (trust authentication ignores it): it must show nowhere.
    writeFileSync(urlFile, `${pg.url.replace('fleetscope@', 'fleetscope:pw-not-to-show@')}\n`);
    const config = validateConfig({
      clusters: sim.configDocument().clusters,
      alerts: { evaluationInterval: '200ms' },
      store: { postgres: { urlFile, connectTimeout: '1s', statementTimeout: '2s', ...store } },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    return startTestServer({ config: config.config, storePath: undefined });
  };

  it('keeps a silence across a restart of fleetscope, and is not ready while PostgreSQL is down', async () => {
    app = await start();
    const created = await fetch(`${app.url}/api/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'cluster', value: 'prod-eu', isRegex: false }],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'sre',
        comment: 'maintenance',
      }),
    });
    expect(created.status).toBe(201);
    const { silenceID }: { silenceID: string } = await created.json();
    await app.close();

    app = await start();
    const { silences }: { silences: Array<{ id: string; comment: string }> } = await (await fetch(`${app.url}/api/silences`)).json();
    expect(silences).toEqual(expect.arrayContaining([expect.objectContaining({ id: silenceID, comment: 'maintenance' })]));
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);

    await pg.kill();
    const url = app.url;
    const down = await waitFor('/readyz to fail', async () => {
      const answer = await fetch(`${url}/readyz`);
      return answer.status === 503 ? answer.text() : false;
    });
    expect(down).toContain('unreachable');
    await pg.restart();
    await waitFor('/readyz to pass again', async () => (await fetch(`${url}/readyz`)).status === 200);
    const after: { silences: Array<{ id: string }> } = await (await fetch(`${url}/api/silences`)).json();
    expect(after.silences.map((s) => s.id)).toContain(silenceID);
    expect(app.logs.join('\n')).not.toContain('pw-not-to-show');
  }, 60_000);

  it('waits at start for a PostgreSQL that comes up late, and gives up at once when told not to wait', async () => {
    await app?.close();
    app = null;
    await pg.kill();
    await expect(start({ startupWait: '0s' })).rejects.toThrow(/PostgreSQL cannot be reached|refuses or lost the connection/);

    const starting = start({ startupWait: '30s' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await pg.restart();
    app = await starting;
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    expect(app.logs.some((line) => line.includes('waiting for PostgreSQL at postgres://fleetscope@127.0.0.1'))).toBe(true);
    expect(app.logs.join('\n')).not.toContain('pw-not-to-show');
  }, 60_000);
});
