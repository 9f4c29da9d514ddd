import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBurst, FleetEvent } from '../../shared/events';
import { validateConfig } from '../../server/config/load';
import type { SimCluster } from '../../server/simulator/cluster-server';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';

/** GET /api/events and /api/events/bursts over events watched from two simulated API servers. */
let sim: SimFleet;
let app: Awaited<ReturnType<typeof startTestServer>>;

interface Page {
  total: number;
  events: FleetEvent[];
  nextCursor: string | null;
}
const get = async <T>(query: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${app.url}/api/events${query}`);
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  sim = await startSimFleet(
    ['ea-eu', 'ea-us'].map((name) => ({ name, labels: {}, version: 'v1.30.6', nodes: 1, podsPerNode: 1 })),
    { kube: { bookmarkIntervalMs: 500 } },
  );
  const config = validateConfig({
    clusters: sim.clusters.map((c) => ({ name: c.name, kubernetes: { kubeconfig: sim.kubeconfigPath, context: `sim-${c.name}`, eventRingSize: 50 } })),
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  app = await startTestServer({ config: config.config });
  const [eu, us] = sim.clusters as [SimCluster, SimCluster];
  // 12 pods crash-looping in prod payments (37 BackOffs), some noise elsewhere.
  for (let i = 0; i < 12; i++)
    eu.kube.createEvent({
      namespace: 'payments',
      involvedObject: { kind: 'Pod', name: `api-${i}`, namespace: 'payments' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      type: 'Warning',
      count: i === 0 ? 4 : 3,
    });
  eu.kube.createEvent({
    namespace: 'web',
    involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'web' },
    reason: 'Pulled',
    message: 'Successfully pulled image "nginx:1.27"',
  });
  us.kube.createEvent({
    namespace: 'payments',
    involvedObject: { kind: 'Node', name: 'node-7' },
    reason: 'NodeNotReady',
    message: 'Node node-7 status is now: NodeNotReady',
    type: 'Warning',
  });
  await waitFor('all 14 events recorded', () => app.fleet.events().length === 14);
});

afterAll(async () => {
  await app?.close();
  await sim?.close();
});

describe('GET /api/events', () => {
  it('filters by cluster, namespace, type, reason, involved kind and text', async () => {
    expect((await get<Page>('')).body.total).toBe(14);
    expect((await get<Page>('?cluster=ea-us')).body.events.map((e) => e.reason)).toEqual(['NodeNotReady']);
    expect((await get<Page>('?cluster=ea-eu&namespace=web')).body.events.map((e) => e.involvedObject.name)).toEqual(['web-0']);
    expect((await get<Page>('?type=Warning')).body.total).toBe(13);
    expect((await get<Page>('?reason=BackOff&cluster=ea-eu,ea-us')).body.total).toBe(12);
    expect((await get<Page>('?kind=Node')).body.events[0]).toMatchObject({ cluster: 'ea-us', involvedObject: { kind: 'Node', name: 'node-7' } });
    expect((await get<Page>('?q=NGINX')).body.events.map((e) => e.reason)).toEqual(['Pulled']);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null && pages < 10) {
      const page: { body: Page } = await get<Page>(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.events.map((e) => e.id));
      const times = page.body.events.map((e) => e.lastSeen);
      expect(times).toEqual([...times].sort((x, y) => y - x));
      cursor = page.body.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(14);
  });

  it('answers a bad query with 400 and a sentence', async () => {
    expect(await get('?limit=0')).toEqual({ status: 400, body: { error: 'limit: must be a whole number from 1 to 1000 (got "0")' } });
    expect((await get<{ error: string }>('?cursor=nonsense')).status).toBe(400);
    expect((await get<{ error: string }>('/bursts?window=5 minutes')).body.error).toMatch(/^window: must be a duration/);
  });

  it('summarises bursts per cluster, namespace and reason', async () => {
    const { body } = await get<{ windowMs: number; bursts: EventBurst[] }>('/bursts?window=5m&min=10');
    expect(body.bursts.map((b) => b.summary)).toEqual(['37 BackOff across 12 pods in ea-eu/payments in 5m']);
  });
});
