import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEntry, ServerMessage } from '../../shared/protocol';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { connectWs } from '../helpers/ws-client';
import { startPrometheus, type RealPrometheus } from './federation-helpers';

/** The sparkline of `cluster` in the first snapshot a new websocket client gets. */
async function snapshotSpark(url: string, cluster: string): Promise<ClusterEntry['spark']> {
  const client = await connectWs(`${url.replace('http', 'ws')}/ws`);
  try {
    const snapshot = await waitFor('a snapshot', () => client.messages.find((m): m is Extract<ServerMessage, { type: 'snapshot' }> => m.type === 'snapshot'));
    return snapshot.clusters.find((c) => c.health.cluster === cluster)?.spark ?? [];
  } finally {
    client.close();
  }
}

/**
 * A cluster reached only through its Prometheus has no events: its tile's
 * sparkline is the containers waiting over the last hour, asked of its
 * Prometheus with query_range, so a new or restarted server has the whole
 * hour at once.
 */
describe('the sparkline of a cluster without the Kubernetes API', () => {
  let sim: SimFleet;
  let app: Awaited<ReturnType<typeof startTestServer>> | null = null;
  let config: ReturnType<typeof validateConfig>;

  beforeAll(async () => {
    sim = await startSimFleet([{ name: 'edge', labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 3 }], {
      interval: '1s',
      prometheusOnly: true,
      scenarios: [{ scenario: 'crashloop-storm', cluster: 'edge', params: { pods: 2, stepMs: 60_000 } }],
    });
    config = validateConfig(sim.configDocument());
    if (!config.ok) throw new Error(config.problems.join('\n'));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('holds the last hour from the first snapshot on, and again after a restart', async () => {
    if (!config.ok) throw new Error('config');
    for (const round of ['first start', 'restart']) {
      app = await startTestServer({ config: config.config });
      const url = app.url;
      const spark = await waitFor(`a sparkline of edge (${round})`, async () => {
        const points = await snapshotSpark(url, 'edge');
        return points.length >= 30 ? points : false;
      });
      // One point a minute, the newest now: containers waiting in the crash loop.
      expect(spark.at(-1)!.t).toBeGreaterThan(Date.now() - 120_000);
      expect(spark[1]!.t - spark[0]!.t).toBe(60_000);
      expect(spark.at(-1)!.v).toBe(2);
      await app.close();
      app = null;
    }
  }, 60_000);
});

/** The same against a real Prometheus (2.42): its query_range answer is read as it writes it, a line at 0 where nothing waits. */
describe('the sparkline of a cluster without the Kubernetes API, from a real Prometheus', () => {
  let prometheus: RealPrometheus;
  let app: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    prometheus = await startPrometheus('global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs: [{ targets: [] }]\n');
    const config = validateConfig({ clusters: [{ name: 'quiet', prometheus: { url: `${prometheus.url}/federate`, interval: '1s', timeout: '1s' } }] });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await prometheus?.close();
  });

  it('has the whole hour, one point a minute, from the first snapshot', async () => {
    const spark = await waitFor('a sparkline of quiet', async () => {
      const points = await snapshotSpark(app.url, 'quiet');
      return points.length > 0 ? points : false;
    });
    expect(spark).toHaveLength(60);
    expect(spark.every((p) => p.v === 0 && p.t % 60_000 === 0)).toBe(true);
  });
});
