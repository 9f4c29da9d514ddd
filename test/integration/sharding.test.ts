import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerOf } from '../../server/sharding/rendezvous';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import type { FleetHealth } from '../../shared/health';
import { kill9, startServe, type ServeChild } from '../helpers/command';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { waitFor } from '../helpers/server';
import { withTimeout } from './alerts-chat-server';
import { clustersOf, shardConfig, sharesOf, watchWall } from './sharding-helpers';

const CLUSTERS = 8;

const fleetOf = async (child: ServeChild) => (await (await fetch(`${child.url}/api/clusters`)).json()) as FleetHealth;
const ready = async (child: ServeChild) => (await fetch(`${child.url}/readyz`).catch(() => null))?.status === 200;

describe('two sharded replicas on one PostgreSQL: each scrapes its share, both serve the whole fleet, clusters move on loss and back without a gap', () => {
  let sim: SimFleet;
  let postgres: TestPostgres;
  let dir: string;
  const files: Record<string, string> = {};
  let a: ServeChild;
  let b: ServeChild;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-shard-'));
    postgres = await startPostgres();
    sim = await startSimFleet(
      Array.from({ length: CLUSTERS }, (_, i) => ({ name: `edge-${i + 1}`, labels: {}, version: 'v1.30.6', nodes: 2, podsPerNode: 2 })),
      { interval: '1s', prometheusOnly: true },
    );
    for (const replica of ['replica-a', 'replica-b']) {
      files[replica] = path.join(dir, `${replica}.json`);
      writeFileSync(
        files[replica],
        JSON.stringify(shardConfig({ clusters: withTimeout(sim.configDocument().clusters, '800ms'), postgresUrl: postgres.url, replica })),
      );
    }
    [a, b] = await Promise.all([startServe(files['replica-a']!), startServe(files['replica-b']!)]);
  }, 90_000);

  afterAll(async () => {
    for (const r of [a, b]) if (r) await kill9(r);
    await sim?.close();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spreads the clusters, shows all of them healthy on either replica, moves them within 30 s of a kill -9 and back with no gap', async () => {
    const names = sim.clusters.map((c) => c.name).sort();
    // Both scrape a share of their own, the two shares the whole fleet.
    const shares = await waitFor(
      'a share on each replica',
      async () => {
        const s = await sharesOf([a, b]);
        return s[0]! > 0 && s[1]! > 0 && s[0]! + s[1]! === CLUSTERS ? s : undefined;
      },
      30_000,
    );
    const [wallA, wallB] = await Promise.all([watchWall(a.url), watchWall(b.url)]);
    for (const [replica, wall] of [
      [a, wallA],
      [b, wallB],
    ] as const) {
      await waitFor('every cluster healthy on the REST API', async () => {
        const fleet = await fleetOf(replica);
        return clustersOf(fleet, 'healthy').join() === names.join();
      });
      await waitFor('every cluster healthy on the wall stream', () => wall.healthy().join() === names.join());
    }

    // kill -9 of one replica: the other takes its clusters, scraped afresh, within 30 s.
    await kill9(b);
    const killedAt = Date.now();
    await waitFor(
      'every cluster scraped by the replica left',
      async () => {
        const [share] = await sharesOf([a]);
        const fleet = await fleetOf(a);
        const fresh = fleet.clusters.filter((c) => c.status === 'healthy' && (c.prometheus.lastSuccess ?? 0) > killedAt);
        return share === CLUSTERS && fresh.length === CLUSTERS;
      },
      30_000,
    );
    const movedMs = Date.now() - killedAt;
    console.log(`sharding: ${shares[1]} clusters moved from the killed replica and healthy again in ${movedMs} ms`);
    expect(movedMs).toBeLessThan(30_000);
    await waitFor('the wall stream still shows every cluster healthy', () => wallA.healthy().join() === names.join());

    // It comes back: its clusters move back, and neither the REST API nor the stream shows any cluster missing or not healthy meanwhile.
    wallA.resetWorst();
    b = await startServe(files['replica-b']!);
    const seen: string[] = [];
    let wallB2: Awaited<ReturnType<typeof watchWall>> | null = null;
    const sample = async () => {
      for (const replica of [a, b]) {
        if (replica === b && !(await ready(b))) continue;
        if (replica === b && !wallB2) {
          wallB2 = await watchWall(b.url);
          await waitFor('the returning replica streams a snapshot', () => wallB2!.received());
          wallB2.resetWorst();
        }
        const fleet = await fleetOf(replica);
        const healthy = clustersOf(fleet, 'healthy');
        if (healthy.join() !== names.join()) seen.push(`${replica === a ? 'replica-a' : 'replica-b'}: healthy ${healthy.join(',')} at ${Date.now()}`);
      }
    };
    await waitFor(
      'the clusters back on the replica that returned, the handover over',
      async () => {
        await sample();
        const s = await sharesOf([a, b]);
        return s[0]! + s[1]! === CLUSTERS && s[1] === shares[1] ? true : undefined;
      },
      60_000,
    );
    // Past the handover (5 s): the replica that kept them gave them up, and both still show every cluster.
    const until = Date.now() + 7_000;
    while (Date.now() < until) {
      await sample();
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen).toEqual([]);
    expect(wallA.worst()).toEqual([]);
    expect(wallB2).not.toBeNull();
    expect(wallB2!.worst()).toEqual([]);
    expect(await sharesOf([a, b])).toEqual(shares);
    wallA.close();
    wallB.close();
    wallB2!.close();
  }, 180_000);

  it('federates every cluster and fans /api/v1 out to all of them from either replica, and names the clusters of a replica that does not answer', async () => {
    const names = sim.clusters.map((c) => c.name).sort();
    const [shareA] = await sharesOf([a]);
    expect(shareA).toBeLessThan(CLUSTERS);
    const federated = async (replica: ServeChild) => {
      const text = await (await fetch(`${replica.url}/federate?match[]=${encodeURIComponent('{__name__="up"}')}`)).text();
      const clusters = [...new Set([...text.matchAll(/^up\{[^}]*cluster="([^"]+)"/gm)].map((m) => m[1]!))].sort();
      return { clusters, notes: text.split('\n').filter((l) => l.startsWith('# fleetscope:')) };
    };
    for (const replica of [a, b]) expect(await federated(replica)).toEqual({ clusters: names, notes: [] });
    const query: { data: { result: Array<{ metric: Record<string, string> }> }; warnings?: string[] } = await (
      await fetch(`${a.url}/api/v1/query?query=up`)
    ).json();
    expect([...new Set(query.data.result.map((r) => r.metric.cluster))].sort()).toEqual(names);
    expect(query.warnings ?? []).toEqual([]);
    // A cluster's nodes on the replica that does not scrape it: asked of the one that does.
    const elsewhere = names.find((n) => ownerOf(n, ['replica-a', 'replica-b']) === 'replica-b')!;
    const detail: { health: { cluster: string }; nodes: { source: string | null; items: unknown[] } } = await (
      await fetch(`${a.url}/api/clusters/${elsewhere}`)
    ).json();
    expect(detail.health.cluster).toBe(elsewhere);
    expect(detail.nodes.source).toBe('kube-state-metrics');
    expect(detail.nodes.items).toHaveLength(2);

    // The other replica killed: until its clusters move, /federate says which it left out and why.
    await kill9(b);
    const partial = await federated(a);
    const left = names.filter((n) => !partial.clusters.includes(n));
    expect(left.length).toBe(CLUSTERS - shareA!);
    expect(partial.notes).toEqual(
      left.map((c) =>
        expect.stringMatching(new RegExp(`^# fleetscope: cluster ${c} left out: replica replica-b \\(http://127\\.0\\.0\\.1:\\d+\\) did not answer: `)),
      ),
    );
    await waitFor('every cluster federated from the replica left', async () => (await federated(a)).clusters.join() === names.join(), 30_000);
    expect((await federated(a)).notes).toEqual([]);
  }, 90_000);
});
