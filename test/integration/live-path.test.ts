import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../../shared/health';
import type { ServerMessage } from '../../shared/protocol';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { connectWs } from '../helpers/ws-client';

/** Latest status per cluster as a websocket client would have assembled it. */
function statuses(messages: ServerMessage[]): Map<string, ClusterHealth> {
  const latest = new Map<string, ClusterHealth>();
  for (const m of messages) {
    if (m.type === 'snapshot' || m.type === 'delta') for (const c of m.clusters) latest.set(c.health.cluster, c.health);
  }
  return latest;
}

describe('live path: demo fleet → scrapes → /ws', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves health, readiness, metrics and the cluster list', async () => {
    expect(await (await fetch(`${app.url}/healthz`)).text()).toBe('ok\n');
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    const clusters = (await (await fetch(`${app.url}/api/clusters`)).json()) as { clusters: ClusterHealth[] };
    expect(clusters.clusters.map((c) => c.cluster)).toEqual(DEMO_FLEET.map((c) => c.name));
    const prodUs = clusters.clusters.find((c) => c.cluster === 'prod-us');
    expect(prodUs?.status).toBe('degraded');
    expect(prodUs?.reasons.map((r) => r.message)).toContain('2 of 10 nodes NotReady');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('fleetscope_source_up{cluster="prod-eu",source="prometheus"} 1');
    expect(metrics).toMatch(/fleetscope_scrape_samples\{cluster="prod-eu"\} \d+/);
  });

  it('pushes every cluster over /ws, then shows a stopped cluster as unreachable', async () => {
    const client = await connectWs(`${app.url.replace('http', 'ws')}/ws`);
    try {
      await waitFor('hello and snapshot', () => client.messages.length >= 2);
      expect(client.messages[0]).toMatchObject({ type: 'hello', protocol: 2, resumed: false });
      const seen = statuses(client.messages);
      expect([...seen.keys()].sort()).toEqual(DEMO_FLEET.map((c) => c.name).sort());
      expect(seen.get('prod-eu')?.status).toBe('healthy');

      await app.demo!.clusters.find((c) => c.name === 'dev')!.setBlackout(true);
      const dev = await waitFor('dev to turn unreachable', () => {
        const d = statuses(client.messages).get('dev');
        return d?.status === 'unreachable' ? d : undefined;
      });
      expect(dev.reasons.map((r) => r.message).join('\n')).toMatch(/Prometheus unreachable for \d+\w*: unreachable/);
      expect(statuses(client.messages).get('prod-eu')?.status).toBe('healthy');
      expect(app.logs.some((l) => l.includes('"cluster":"dev"') && l.includes('ECONNREFUSED'))).toBe(true);

      await app.demo!.clusters.find((c) => c.name === 'dev')!.setBlackout(false);
      await waitFor('dev to recover', () => statuses(client.messages).get('dev')?.status === 'healthy');
    } finally {
      client.close();
    }
  });
});
