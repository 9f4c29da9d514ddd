import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEntry, ServerMessage } from '../../shared/protocol';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { connectWs } from '../helpers/ws-client';
import { ksmExposition, startHttp, startPrometheus, type RealPrometheus } from './federation-helpers';

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

/** How many query_range questions a real Prometheus has answered (its own prometheus_http_requests_total). */
async function rangeQueriesAnswered(prometheusUrl: string): Promise<number> {
  const text = await (await fetch(`${prometheusUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('prometheus_http_requests_total{') && l.includes('handler="/api/v1/query_range"') && l.includes('code="200"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/**
 * The same against real Prometheus servers (2.42): their query_range answers
 * are read as they write them. One scrapes a kube-state-metrics exposition
 * with pods and nothing waiting (a line at 0), the other has no
 * kube-state-metrics at all (no line: not a 0 that would say all is well).
 */
describe('the sparkline of a cluster without the Kubernetes API, from a real Prometheus', () => {
  let ksm: Awaited<ReturnType<typeof startHttp>>;
  let quiet: RealPrometheus;
  let bare: RealPrometheus;
  let app: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    ksm = await startHttp((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        ksmExposition(
          [{ name: 'node-a', ready: true }],
          '# TYPE kube_pod_info gauge\nkube_pod_info{namespace="shop",pod="web-1",node="node-a"} 1\nkube_pod_info{namespace="shop",pod="web-2",node="node-a"} 1\n',
        ),
      );
    });
    const target = new URL(ksm.url).host;
    quiet = await startPrometheus(`global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: ksm\n    static_configs: [{ targets: ['${target}'] }]\n`);
    bare = await startPrometheus('global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs: [{ targets: [] }]\n');
    // Asked only once the quiet Prometheus has the pods up to a whole second (the end of the range fleetscope asks for).
    await waitFor('kube_pod_info in the quiet Prometheus', async () => {
      const end = Math.floor(Date.now() / 1000);
      const url = `${quiet.url}/api/v1/query_range?query=count(kube_pod_info)&start=${end - 60}&end=${end}&step=60`;
      const answer = (await (await fetch(url)).json()) as { data: { result: unknown[] } };
      return answer.data.result.length > 0;
    });
    const cluster = (name: string, url: string) => ({ name, prometheus: { url: `${url}/federate`, interval: '1s', timeout: '1s' } });
    const config = validateConfig({ clusters: [cluster('quiet', quiet.url), cluster('bare', bare.url)] });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await quiet?.close();
    await bare?.close();
    await ksm?.close();
  });

  it('draws 0 where kube-state-metrics reports pods and none wait, and nothing from a Prometheus without it', async () => {
    const spark = await waitFor('a sparkline of quiet', async () => {
      const points = await snapshotSpark(app.url, 'quiet');
      return points.length > 0 ? points : false;
    });
    expect(spark.every((p) => p.v === 0)).toBe(true);
    expect(spark.at(-1)!.t).toBeGreaterThan(Date.now() - 120_000);
    // The bare Prometheus has answered both questions (waiting, pods): its cluster still has no line.
    await waitFor('both questions answered by the bare Prometheus', async () => (await rangeQueriesAnswered(bare.url)) >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await snapshotSpark(app.url, 'bare')).toEqual([]);
  });
});
