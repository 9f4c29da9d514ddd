import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { startChatServer, withTimeout } from './alerts-chat-server';

describe('scheduled reports reach chat', () => {
  let sim: SimFleet;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-schedules-'));
    chat = await startChatServer();
    sim = await startSimFleet([{ name: 'prod-eu', labels: {}, version: 'v1.30.6', nodes: 3, podsPerNode: 2, instanceTypes: ['m5.xlarge'] }], {
      interval: '1s',
      prometheusOnly: true,
    });
    const config = validateConfig({
      clusters: withTimeout(sim.configDocument().clusters, '800ms'),
      alerts: {
        evaluationInterval: '200ms',
        // Every 2 seconds (croner's optional seconds field), so the test need not wait for Monday.
        schedules: [{ name: 'weekly', cron: '*/2 * * * * *', receiver: 'slack', reports: ['skew', 'cost'] }],
        route: { receiver: 'slack', matchers: ['alertname="none"'] },
        receivers: [{ name: 'slack', type: 'slack', url: `${chat.url}/slack/x` }],
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath: path.join(dir, 'fleetscope.db') });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.close();
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts the skew and cost summaries to the receiver', async () => {
    const texts = () => chat.accepted().map((r) => (r.body && typeof r.body === 'object' && 'text' in r.body ? String(r.body.text) : ''));
    await waitFor(
      'a skew and a cost message',
      () => texts().some((t) => t.startsWith('Version skew — 1 cluster')) && texts().some((t) => t.startsWith('Cost — 1 cluster')),
      20_000,
    );
    const skew = JSON.stringify(chat.accepted().find((r) => JSON.stringify(r.body).includes('Version skew'))?.body);
    expect(skew).toContain('prod-eu: 1.30 — past end of life');
    expect(skew).toContain(`${app.url}/skew`);
    const cost = JSON.stringify(chat.accepted().find((r) => JSON.stringify(r.body).includes('Cost — 1 cluster'))?.body);
    expect(cost).toMatch(/prod-eu: USD [\d,]+\.\d\d\/day/);
    const schedules: { schedules: Array<{ name: string; next: number; last: number }> } = await (await fetch(`${app.url}/api/schedules`)).json();
    expect(schedules.schedules[0]).toMatchObject({ name: 'weekly' });
    expect(schedules.schedules[0]!.next).toBeGreaterThan(schedules.schedules[0]!.last);
  });
});
