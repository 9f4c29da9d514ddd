import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import type { FleetHealth } from '../../shared/health';
import { kill9, startServe, type ServeChild } from '../helpers/command';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { waitFor } from '../helpers/server';
import { startChatServer, withTimeout, type Received } from './alerts-chat-server';
import { haConfig, leaderOf } from './ha-helpers';

const key = (r: Received) => String(r.headers['idempotency-key']);
const statusOf = (r: Received) => (r.body && typeof r.body === 'object' && 'status' in r.body ? String(r.body.status) : '');
const alertsOf = async (child: ServeChild) => {
  const body: { alerts: Array<{ fingerprint: string; state: string; labels: Record<string, string> }> } = await (await fetch(`${child.url}/api/alerts`)).json();
  return body.alerts.filter((a) => a.state === 'firing').map((a) => `${a.labels.alertname}/${a.labels.cluster}/${a.fingerprint}`);
};
const statusSince = async (child: ServeChild) => ((await (await fetch(`${child.url}/api/clusters`)).json()) as FleetHealth).clusters[0]?.statusSince;
const silenceIds = async (child: ServeChild) => {
  const body: { silences: Array<{ id: string; status: string }> } = await (await fetch(`${child.url}/api/silences`)).json();
  return body.silences.filter((s) => s.status === 'active').map((s) => s.id);
};

describe('three replicas on one PostgreSQL: one leader delivers, kill -9 of it mid-delivery loses nothing and sends nothing twice', () => {
  let sim: SimFleet;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let postgres: TestPostgres;
  let dir: string;
  let configFile: string;
  let replicas: ServeChild[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-ha-'));
    postgres = await startPostgres();
    chat = await startChatServer();
    sim = await startSimFleet([{ name: 'edge-1', labels: {}, version: 'v1.30.6', nodes: 2, podsPerNode: 2 }], { interval: '1s', prometheusOnly: true });
    configFile = path.join(dir, 'fleet.json');
    writeFileSync(
      configFile,
      JSON.stringify(
        haConfig({ clusters: withTimeout(sim.configDocument().clusters, '800ms'), postgresUrl: postgres.url, hook: `${chat.url}/hook/secret-path` }),
      ),
    );
    replicas = await Promise.all([startServe(configFile), startServe(configFile), startServe(configFile)]);
  }, 90_000);

  afterAll(async () => {
    for (const r of replicas) await kill9(r);
    await sim?.close();
    await chat?.close();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('elects one leader, shares alerts and silences, and fails over within the lease', async () => {
    const leader = await waitFor('one leader', async () => ((await leaderOf(replicas)).length === 1 ? (await leaderOf(replicas))[0] : undefined), 30_000);
    const followers = replicas.filter((r) => r !== leader);

    // A delivery in flight: the receiver takes the request and never answers; the leader is killed then.
    chat.setMode('hang');
    await sim.clusters[0]!.setBlackout(true);
    await waitFor('a delivery in flight', () => chat.received.length >= 1, 30_000);
    await kill9(leader);
    const killedAt = Date.now();
    chat.setMode('ok');
    const firstKey = key(chat.received[0]!);

    await waitFor('the firing notification accepted', () => chat.accepted().length >= 1, 30_000);
    const tookOverMs = Date.now() - killedAt;
    console.log(`failover: ${tookOverMs} ms from kill -9 of the leader to the first notification from the new one`);
    const [newLeader, ...others] = await leaderOf(followers);
    expect(newLeader).toBeDefined();
    expect(others).toEqual([]);
    // The notification in flight, not a new one for the same group.
    expect(chat.accepted().map((r) => [key(r), statusOf(r)])).toEqual([[firstKey, 'firing']]);

    // Both replicas left show the same firing alert, the one the leader keeps.
    await waitFor(
      'the same alerts on both',
      async () => {
        const [a, b] = await Promise.all(followers.map(alertsOf));
        return a!.length > 0 && JSON.stringify(a) === JSON.stringify(b);
      },
      10_000,
    );
    expect((await alertsOf(followers[0]!))[0]).toMatch(/^ClusterUnreachable\/edge-1\//);
    // And the same status history, written by the leader of the time: the healthy status the killed leader recorded is kept.
    const historyOf = async (child: ServeChild) =>
      ((await (await fetch(`${child.url}/api/clusters/edge-1/history`)).json()) as { transitions: Array<{ at: number; to: string }> }).transitions;
    const shared = await waitFor(
      'the same status history and since on both',
      async () => {
        const [a, b] = await Promise.all(followers.map(historyOf));
        const [sinceA, sinceB] = await Promise.all(followers.map(statusSince));
        return a!.length > 0 && JSON.stringify(a) === JSON.stringify(b) && sinceA === sinceB && sinceA === a!.at(-1)?.at ? a : undefined;
      },
      15_000,
    );
    expect(shared[0]).toMatchObject({ to: 'healthy' });
    expect(shared[0]!.at).toBeLessThan(killedAt);

    // A silence made on one replica mutes on the other.
    const follower = followers.find((r) => r !== newLeader)!;
    const made = await fetch(`${follower.url}/api/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'cluster', value: 'nowhere', isRegex: false }],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'sre',
        comment: 'ha',
      }),
    });
    expect(made.status).toBe(201);
    const { silenceID }: { silenceID: string } = await made.json();
    await waitFor('the silence on the leader', async () => (await silenceIds(newLeader!)).includes(silenceID), 10_000);

    // The cluster comes back: exactly one resolved message, from the new leader.
    await sim.clusters[0]!.setBlackout(false);
    await waitFor('the resolved notification', () => chat.accepted().some((r) => statusOf(r) === 'resolved'), 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(chat.accepted().map(statusOf)).toEqual(['firing', 'resolved']);
    expect(new Set(chat.received.map(key)).size).toBe(2);
    for (const r of replicas) expect(r.output.join('')).not.toContain('secret-path');
  });
});
