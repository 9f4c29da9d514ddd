import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { kill9, startServe, type ServeChild } from '../helpers/command';
import { waitFor } from '../helpers/server';
import { deliveryTestConfig, startChatServer, withTimeout, type Received } from './alerts-chat-server';

const key = (r: Received) => String(r.headers['idempotency-key']);
const statusOf = (r: Received) => (r.body && typeof r.body === 'object' && 'status' in r.body ? String(r.body.status) : '');

describe('delivery survives kill -9: every notification reaches the receiver once', () => {
  let sim: SimFleet;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let dir: string;
  let configFile: string;
  const children: ServeChild[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-restart-'));
    chat = await startChatServer();
    sim = await startSimFleet([{ name: 'edge-1', labels: {}, version: 'v1.30.6', nodes: 2, podsPerNode: 2 }], { interval: '1s', prometheusOnly: true });
    configFile = path.join(dir, 'fleet.json');
    writeFileSync(
      configFile,
      JSON.stringify(
        deliveryTestConfig({
          clusters: withTimeout(sim.configDocument().clusters, '800ms'),
          store: { path: path.join(dir, 'data', 'fleetscope.db') },
          hook: `${chat.url}/hook/secret-path`,
        }),
      ),
    );
  });

  afterAll(async () => {
    for (const c of children) await kill9(c);
    await sim?.close();
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('receiver down, then a delivery in flight: both killed; after restart one firing and one resolved message', async () => {
    const edge = sim.clusters[0]!;
    await edge.setBlackout(true);

    // 1. The receiver is down: the notification is in the outbox and retried; kill -9 mid-retries.
    chat.setMode('down');
    let child = await startServe(configFile);
    children.push(child);
    await waitFor('two failed attempts', () => chat.received.length >= 2, 30_000);
    await kill9(child);
    const firstKey = key(chat.received[0]!);
    expect(new Set(chat.received.map(key))).toEqual(new Set([firstKey]));

    // 2. The receiver now takes the request and never answers: kill -9 while it is in flight.
    chat.setMode('hang');
    const before = chat.received.length;
    child = await startServe(configFile);
    children.push(child);
    await waitFor('a delivery in flight', () => chat.received.length > before, 30_000);
    await kill9(child);

    // 3. The receiver is back: the same notification is delivered, and nothing new is queued for the same state.
    chat.setMode('ok');
    child = await startServe(configFile);
    children.push(child);
    await waitFor('the firing notification accepted', () => chat.accepted().length >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(chat.accepted().map((r) => [key(r), statusOf(r)])).toEqual([[firstKey, 'firing']]);

    // 4. The cluster comes back: exactly one resolved message.
    await edge.setBlackout(false);
    await waitFor('the resolved notification', () => chat.accepted().some((r) => statusOf(r) === 'resolved'), 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    const accepted = chat.accepted();
    expect(accepted.map(statusOf)).toEqual(['firing', 'resolved']);
    // Every request carried one of two keys; each key was accepted exactly once.
    expect(new Set(chat.received.map(key)).size).toBe(2);
    expect(new Set(accepted.map(key)).size).toBe(2);

    const notifications: { notifications: Array<{ status: string; attempts: number }> } = await (await fetch(`${child.url}/api/notifications`)).json();
    expect(notifications.notifications.map((n) => n.status)).toEqual(['delivered', 'delivered']);
    expect(child.output.join('')).not.toContain('secret-path');
    child.process.kill('SIGTERM');
  });
});
