import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import type { ServerMessage } from '../../shared/protocol';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import type { SimCluster } from '../../server/simulator/cluster-server';
import { at, textAt } from '../../server/simulator/kube/path';
import { connectWs } from '../helpers/ws-client';
import { startTestServer, waitFor } from '../helpers/server';

/**
 * Two simulated API servers (HTTPS, token auth) watched through a kubeconfig
 * with one context per cluster by the real @kubernetes/client-node. The
 * simulator records every write it sent to watchers; fleetscope must end up
 * with exactly those events, each once, whatever happens to the watches.
 */
let sim: SimFleet;
let app: Awaited<ReturnType<typeof startTestServer>>;
let a: SimCluster;
let b: SimCluster;
/** Every change the fleet announced, in order (what /ws publishes). */
const announced: FleetEvent[] = [];
let ws: Awaited<ReturnType<typeof connectWs>>;

beforeAll(async () => {
  sim = await startSimFleet(
    [
      { name: 'kw-a', labels: {}, version: 'v1.30.6', nodes: 3, podsPerNode: 2 },
      { name: 'kw-b', labels: {}, version: 'v1.29.10', nodes: 2, podsPerNode: 2, notReadyNodes: 1 },
    ],
    { kube: { bookmarkIntervalMs: 300 } },
  );
  [a, b] = sim.clusters as [SimCluster, SimCluster];
  const config = validateConfig({
    clusters: sim.clusters.map((c) => ({
      name: c.name,
      kubernetes: { kubeconfig: sim.kubeconfigPath, context: `sim-${c.name}`, watchIdleTimeout: '3s', requestTimeout: '2s' },
    })),
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  app = await startTestServer({ config: config.config });
  app.fleet.onEvents((_cluster, events) => announced.push(...events));
  ws = await connectWs(`${app.url.replace('http', 'ws')}/ws`);
});

afterAll(async () => {
  ws?.close();
  await app?.close();
  await sim?.close();
});

const kube = (name: string) => app.fleet.snapshot().clusters.find((c) => c.name === name)?.kubernetes;

/** The final state of every event object the simulator emitted for one cluster: id of its record → count. */
function emittedCounts(cluster: SimCluster): Map<string, number> {
  const out = new Map<string, number>();
  for (const change of cluster.kube.emitted) {
    if (change.resource !== 'events' || change.type === 'DELETED') continue;
    const o = change.object;
    const count = at(o, 'count');
    out.set(
      `${cluster.name}/${o.metadata.namespace}/${textAt(o, 'involvedObject.kind')}/${textAt(o, 'involvedObject.name')}/${textAt(o, 'reason')}`,
      typeof count === 'number' ? count : 1,
    );
  }
  return out;
}

function recordedCounts(name: string): Map<string, number> {
  return new Map(app.fleet.events(name).map((e) => [e.id, e.count]));
}

let serial = 0;
function createEvents(cluster: SimCluster, n: number): void {
  for (let i = 0; i < n; i++) {
    serial++;
    cluster.kube.createEvent({
      namespace: 'payments',
      involvedObject: { kind: 'Pod', name: `api-${serial}`, namespace: 'payments' },
      reason: 'BackOff',
      message: `Back-off restarting failed container (${serial})`,
      type: 'Warning',
    });
  }
}

async function expectSameAsEmitted(cluster: SimCluster): Promise<void> {
  const emitted = emittedCounts(cluster);
  await waitFor(`${cluster.name}: fleetscope has every emitted event`, () => {
    const recorded = recordedCounts(cluster.name);
    return [...emitted].every(([id, count]) => recorded.get(id) === count) && recorded.size >= emitted.size;
  });
  expect(recordedCounts(cluster.name)).toEqual(emitted);
}

/** No change was announced twice (same record, same count and last seen). */
function expectNoDuplicates(): void {
  const seen = new Set<string>();
  const twice = announced.map((e) => `${e.id}#${e.count}#${e.lastSeen}`).filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
  expect(twice).toEqual([]);
}

describe('Kubernetes sources against the simulated API server (real client-node)', () => {
  it('lists nodes with their versions and conditions, and reads the control-plane version', async () => {
    await waitFor('nodes and versions', () => kube('kw-a')?.nodes?.length === 3 && kube('kw-b')?.version && kube('kw-b')?.nodes?.length === 2);
    expect(kube('kw-a')?.version?.gitVersion).toBe('v1.30.6');
    expect(kube('kw-b')?.nodes?.filter((n) => !n.ready)).toHaveLength(1);
    expect(kube('kw-a')?.nodes?.[0]).toMatchObject({
      kubeletVersion: expect.stringMatching(/^v1\.30/),
      osImage: expect.any(String),
      podCIDR: expect.any(String),
    });
    expect(kube('kw-a')?.error).toBeNull();
  });

  it('follows node changes from the watch', async () => {
    const node = a.model.nodes[0]!.name;
    a.kube.setNodeReady(node, false);
    await waitFor('node NotReady', () => kube('kw-a')?.nodes?.find((n) => n.name === node)?.ready === false);
    a.kube.setKubeletVersion(node, 'v1.29.0');
    await waitFor('kubelet upgrade seen', () => kube('kw-a')?.nodes?.find((n) => n.name === node)?.kubeletVersion === 'v1.29.0');
  });

  it('records watched events, merges repeats, and pushes them on /ws', async () => {
    createEvents(a, 5);
    const first = a.kube.createEvent({
      namespace: 'payments',
      involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'payments' },
      reason: 'Unhealthy',
      message: 'Readiness probe failed',
      type: 'Warning',
    });
    a.kube.patchEvent('payments', first.metadata.name, { count: 4 });
    await expectSameAsEmitted(a);
    expect(app.fleet.events('kw-a').find((e) => e.reason === 'Unhealthy')).toMatchObject({ count: 4, involvedObject: { name: 'web-0' } });
    await waitFor('the merged event on /ws', () =>
      ws.messages.some((m: ServerMessage) => m.type === 'delta' && m.events.some((e) => e.reason === 'Unhealthy' && e.count === 4)),
    );
  });

  it('loses nothing and repeats nothing when the server closes watches mid-stream', async () => {
    for (let round = 0; round < 3; round++) {
      await waitFor('nodes and events watches open', () => a.kube.openWatches >= 2);
      createEvents(a, 4);
      expect(a.kube.closeWatches()).toBeGreaterThan(0);
      createEvents(a, 4);
    }
    await expectSameAsEmitted(a);
    expectNoDuplicates();
  });

  it('relists without duplicates when the resourceVersion expired (410)', async () => {
    createEvents(a, 3);
    await expectSameAsEmitted(a);
    const lists = () => a.kube.requests.filter((r) => !r.watch && r.url.startsWith('/apis/events.k8s.io/v1/events')).length;
    const listsBefore = lists();
    // Events written while no watch is open, then history compacted: resuming answers 410 Expired.
    await a.setBlackout(true);
    createEvents(a, 5);
    a.kube.compact();
    await a.setBlackout(false);
    await expectSameAsEmitted(a);
    expect(lists()).toBe(listsBefore + 1);
    expectNoDuplicates();
  });

  it('reports a blackout as unreachable since when, keeps the other cluster live, and recovers', async () => {
    const blackoutAt = Date.now();
    await b.setBlackout(true);
    const lost = await waitFor('kw-b unreachable', () => {
      const error = kube('kw-b')?.error;
      return error?.kind === 'unreachable' ? error : undefined;
    });
    expect(lost.since).toBeGreaterThanOrEqual(blackoutAt);
    expect(lost.message).toMatch(/ECONNREFUSED|socket hang up|ECONNRESET/);
    // One cluster's outage never delays another's watch.
    const started = Date.now();
    createEvents(a, 2);
    await expectSameAsEmitted(a);
    expect(Date.now() - started).toBeLessThan(1500);
    createEvents(b, 6);
    await b.setBlackout(false);
    await waitFor('kw-b reachable again', () => kube('kw-b')?.error === null, 30_000);
    await expectSameAsEmitted(b);
    expectNoDuplicates();
  });

  it('reports an API server that stops answering as timeout, and recovers', async () => {
    b.setFaults({ delayMs: 30_000 });
    b.kube.closeWatches();
    await waitFor('kw-b timeout', () => kube('kw-b')?.error?.kind === 'timeout', 15_000);
    b.setFaults({ delayMs: 0, response: 'ok' });
    await waitFor('kw-b answering again', () => kube('kw-b')?.error === null, 45_000);
  });

  it('says unauthorized when the token is refused', async () => {
    b.rotateToken();
    b.kube.closeWatches();
    await waitFor('kw-b unauthorized', () => kube('kw-b')?.error?.kind === 'unauthorized', 30_000);
    // The token never reaches the logs.
    expect(app.logs.join('\n')).not.toContain(a.token);
  });

  it('restarts a watch that went silent, from where it was', async () => {
    // A server that sends neither events nor bookmarks (bookmarks every 60 s; idle bound 1 s).
    const quiet = await startSimFleet([{ name: 'kw-quiet', labels: {}, version: 'v1.30.6', nodes: 1, podsPerNode: 1 }], {
      kube: { bookmarkIntervalMs: 60_000 },
    });
    const config = validateConfig({
      clusters: [{ name: 'kw-quiet', kubernetes: { kubeconfig: quiet.kubeconfigPath, context: 'sim-kw-quiet', watchIdleTimeout: '1s' } }],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const other = await startTestServer({ config: config.config });
    try {
      const q = quiet.clusters[0]!;
      const eventWatches = () => q.kube.requests.filter((r) => r.watch && r.url.includes('/events'));
      await waitFor('three event watches: the first and two restarts', () => eventWatches().length >= 3, 10_000);
      // Restarts resume from the last resourceVersion; they do not relist.
      expect(q.kube.requests.filter((r) => !r.watch && r.url.startsWith('/apis/events.k8s.io/v1/events'))).toHaveLength(1);
      q.kube.createEvent({ namespace: 'default', involvedObject: { kind: 'Pod', name: 'late' }, reason: 'Started', message: 'Started container' });
      await waitFor('event after restarts', () => other.fleet.events('kw-quiet').some((e) => e.involvedObject.name === 'late'));
    } finally {
      await other.close();
      await quiet.close();
    }
  });
});
