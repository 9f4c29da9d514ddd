import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FleetEvent } from '../../shared/events';
import type { ClusterHealth } from '../../shared/health';
import type { DeltaMessage, HelloMessage, ServerMessage } from '../../shared/protocol';
import { createStreamHub, type StreamHub, type StreamSettings } from '../../server/stream/hub';
import { memoryLogger } from '../helpers/log';
import { messageText } from '../helpers/ws-client';

async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function health(cluster: string, status: ClusterHealth['status'], message = ''): ClusterHealth {
  const source = { ok: true, lastSuccess: 1, error: null };
  return {
    cluster,
    labels: {},
    status,
    reasons: message ? [{ rule: 'r', severity: 'warning', message }] : [],
    nodes: null,
    prometheus: source,
    kubernetes: source,
    version: null,
    dataAgeMs: 0,
  };
}

function event(id: string): FleetEvent {
  return {
    id,
    cluster: 'a',
    namespace: 'ns',
    involvedObject: { kind: 'Pod', name: id },
    reason: 'BackOff',
    type: 'Warning',
    message: id,
    count: 1,
    firstSeen: 1,
    lastSeen: 1,
  };
}

interface Client {
  socket: WebSocket;
  messages: ServerMessage[];
  times: number[];
  closed: Promise<{ code: number }>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHub(settings: Partial<StreamSettings> = {}): Promise<{ hub: StreamHub; url: string; logs: string[] }> {
  const { logger, lines } = memoryLogger();
  const server = http.createServer((_req, res) => res.end());
  const hub = createStreamHub({ server, logger, settings });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { hub, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, logs: lines };
}

async function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<Client> {
  const socket = new WebSocket(url, options);
  const messages: ServerMessage[] = [];
  const times: number[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(messageText(data)) as ServerMessage);
    times.push(Date.now());
  });
  const closed = new Promise<{ code: number }>((resolve) => socket.on('close', (code) => resolve({ code })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  cleanups.push(() => socket.terminate());
  return { socket, messages, times, closed };
}

const deltas = (client: Client) => client.messages.filter((m): m is DeltaMessage => m.type === 'delta');

describe('stream hub over a real websocket', () => {
  it('sends hello and the whole state on connect, then coalesced deltas at most twice a second', async () => {
    const { hub, url } = await startHub();
    hub.publishCluster(health('a', 'healthy'), [{ t: -1, v: 10 }]);
    hub.publishCluster(health('b', 'degraded', '1 of 3 nodes NotReady'));
    const client = await connect(url);
    await waitFor('hello and snapshot', () => client.messages.length >= 2);
    expect(client.messages[0]).toMatchObject({ type: 'hello', protocol: 2, resumed: false, seq: 2, minDeltaIntervalMs: 500 });
    const snapshot = client.messages[1];
    if (snapshot?.type !== 'snapshot') throw new Error(`expected a snapshot, got ${snapshot?.type}`);
    expect(snapshot.seq).toBe(2);
    expect(snapshot.clusters.map((c) => [c.health.cluster, c.health.status, c.spark.length])).toEqual([
      ['a', 'healthy', 1],
      ['b', 'degraded', 0],
    ]);

    // 40 changes in ~2 s: the client sees the newest state, in few messages, never two within 500 ms.
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      hub.publishCluster(health('a', i % 2 ? 'critical' : 'healthy', `change ${i}`), [{ t: i, v: i }]);
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor('the last change', () => deltas(client).some((d) => d.clusters.some((c) => c.health.reasons[0]?.message === 'change 39')));
    const elapsed = Date.now() - started;
    const received = deltas(client);
    expect(received.length).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
    expect(received.length).toBeGreaterThanOrEqual(3);
    const deltaTimes = client.times.slice(client.times.length - received.length);
    for (let i = 1; i < deltaTimes.length; i++) expect(deltaTimes[i]! - deltaTimes[i - 1]!).toBeGreaterThanOrEqual(450);
    // Sequence numbers chain without gaps, and every spark point arrives.
    for (let i = 1; i < received.length; i++) expect(received[i]!.fromSeq).toBe(received[i - 1]!.seq);
    expect(received.flatMap((d) => d.clusters.flatMap((c) => c.spark.map((p) => p.v)))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // A point no later than the last one held (the cluster changed within the minute) adds nothing.
    hub.publishCluster(health('a', 'healthy', 'kube changed'), [{ t: 39, v: 39 }]);
    await waitFor('that change', () => deltas(client).some((d) => d.clusters.some((c) => c.health.reasons[0]?.message === 'kube changed')));
    expect(deltas(client).at(-1)?.clusters[0]?.spark).toEqual([]);
  });

  it('pushes a new event at once instead of waiting for the next update slot', async () => {
    const { hub, url } = await startHub();
    const client = await connect(url);
    await waitFor('snapshot', () => client.messages.length >= 2);
    hub.publishCluster(health('a', 'healthy'));
    await waitFor('first delta', () => deltas(client).length === 1);
    const sentAt = Date.now();
    hub.publishEvents([event('crash')]);
    await waitFor('event delta', () => deltas(client).some((d) => d.events.some((e) => e.id === 'crash')));
    expect(client.times.at(-1)! - sentAt).toBeLessThan(100);
  });

  it('resumes a reconnecting client without a snapshot, and falls back to one when it cannot', async () => {
    const { hub, url } = await startHub({ replayChanges: 5 });
    hub.publishCluster(health('a', 'healthy'));
    const first = await connect(url);
    await waitFor('snapshot', () => first.messages.length >= 2);
    const hello = first.messages[0] as HelloMessage;
    first.socket.close();
    await first.closed;

    hub.publishCluster(health('a', 'critical', 'went down while away'));
    hub.publishEvents([event('while-away')]);
    const resumed = await connect(`${url}?since=1&instance=${hello.instance}`);
    await waitFor('hello and delta', () => resumed.messages.length >= 2);
    expect(resumed.messages[0]).toMatchObject({ type: 'hello', resumed: true, seq: 3 });
    const delta = resumed.messages[1];
    if (delta?.type !== 'delta') throw new Error(`expected a delta, got ${delta?.type}`);
    expect(delta).toMatchObject({ fromSeq: 1, seq: 3 });
    expect(delta.clusters[0]?.health.status).toBe('critical');
    expect(delta.events.map((e) => e.id)).toEqual(['while-away']);

    // Another server instance, or a point the server no longer holds: a full snapshot.
    const stranger = await connect(`${url}?since=1&instance=someone-else`);
    await waitFor('snapshot', () => stranger.messages.length >= 2);
    expect(stranger.messages.map((m) => m.type)).toEqual(['hello', 'snapshot']);
    for (let i = 0; i < 10; i++) hub.publishCluster(health('a', 'healthy'));
    const tooOld = await connect(`${url}?since=1&instance=${hello.instance}`);
    await waitFor('snapshot', () => tooOld.messages.length >= 2);
    expect(tooOld.messages.map((m) => m.type)).toEqual(['hello', 'snapshot']);
    expect(tooOld.messages[0]).toMatchObject({ resumed: false });
  });

  it('refuses a browser from another origin, and lets the own host and allowed origins in', async () => {
    const { url, logs } = await startHub({ allowedOrigins: ['https://wall.example.com'] });
    const refused = new WebSocket(url, { origin: 'https://evil.example' });
    refused.on('error', () => {});
    const status = await new Promise<number>((resolve) =>
      refused.on('unexpected-response', (request, response) => {
        resolve(response.statusCode ?? 0);
        request.destroy();
      }),
    );
    expect(status).toBe(403);
    expect(logs.some((l) => l.includes('Origin not allowed') && l.includes('evil.example'))).toBe(true);
    const own = await connect(url, { origin: url.replace('ws://', 'http://').replace('/ws', '') });
    const allowed = await connect(url, { origin: 'https://wall.example.com' });
    await waitFor('hello on both', () => own.messages.length > 0 && allowed.messages.length > 0);
  });

  it('never buffers without bound for a client that stops reading, drops it, and keeps the others current', async () => {
    const { hub, url, logs } = await startHub({ maxBufferedBytes: 64 * 1024, slowClientTimeoutMs: 1000, maxUpdatesPerSecond: 50 });
    const slow = await connect(url);
    const fast = await connect(url);
    await waitFor('both synced', () => slow.messages.length >= 2 && fast.messages.length >= 2);
    slow.socket.pause();
    const big = 'x'.repeat(200_000);
    let maxBuffered = 0;
    const deadline = Date.now() + 8000;
    let i = 0;
    const slowGone = () => hub.clientCount() === 1;
    while (!slowGone() && Date.now() < deadline) {
      hub.publishCluster(health('a', 'degraded', `${i++} ${big}`));
      await new Promise((r) => setTimeout(r, 20));
      for (const c of hub.clients()) maxBuffered = Math.max(maxBuffered, c.bufferedBytes);
    }
    expect(slowGone()).toBe(true);
    expect(logs.some((l) => l.includes('websocket client dropped: behind for more than 1000 ms'))).toBe(true);
    // The paused client notices once it reads again.
    slow.socket.resume();
    expect((await slow.closed).code).toBe(1006);
    // Past the bound the server stopped writing to it: at most one message more than the bound was ever queued.
    expect(maxBuffered).toBeGreaterThan(64 * 1024);
    expect(maxBuffered).toBeLessThan(64 * 1024 + 2 * 210_000);
    // The fast client got the newest state all along.
    const last = i - 1;
    await waitFor('fast client current', () => deltas(fast).some((d) => d.clusters.some((c) => c.health.reasons[0]?.message.startsWith(`${last} `))));
  });

  it('disconnects a client that does not answer pings', async () => {
    const { url, hub } = await startHub({ pingIntervalMs: 200 });
    const mute = await connect(url, { autoPong: false });
    const polite = await connect(url);
    const { code } = await mute.closed;
    expect(code).toBe(1006);
    expect(polite.socket.readyState).toBe(WebSocket.OPEN);
    expect(hub.clientCount()).toBe(1);
  });

  it('says it is shutting down before it closes', async () => {
    const { hub, url } = await startHub();
    const client = await connect(url);
    await waitFor('snapshot', () => client.messages.length >= 2);
    await hub.close();
    const { code } = await client.closed;
    expect(code).toBe(1001);
    expect(client.messages.at(-1)).toMatchObject({ type: 'error', code: 'shutting_down' });
  });
});
