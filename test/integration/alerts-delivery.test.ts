import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverer, type ReceiverTarget } from '../../server/alerts/deliver';
import type { Notification } from '../../server/store/records';
import { openTestStore } from '../helpers/store';
import type { Store } from '../../server/store/types';
import { memoryLogger, waitFor } from '../helpers/server';
import { startChatServer } from './alerts-chat-server';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

function notification(id: string, receiver: string): Notification {
  return {
    id,
    receiver,
    groupKey: '0:[]',
    status: 'firing',
    groupLabels: {},
    commonLabels: { alertname: 'ClusterUnreachable', cluster: 'prod-eu' },
    commonAnnotations: {},
    counts: { firing: 1, resolved: 0 },
    clusters: ['prod-eu'],
    alerts: [
      {
        fingerprint: '0123456789abcdef',
        labels: { alertname: 'ClusterUnreachable', cluster: 'prod-eu' },
        annotations: { summary: 'Cluster prod-eu is unreachable' },
        startsAt: Date.now(),
        endsAt: null,
        generatorURL: '',
      },
    ],
    truncatedAlerts: 0,
    externalURL: 'http://fleetscope.test',
    createdAt: Date.now(),
  };
}

describe('outbox delivery: back-off, 429 and Retry-After, giving up', () => {
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let store: Store;
  beforeAll(async () => {
    chat = await startChatServer();
    store = openTestStore(':memory:');
  });
  afterAll(async () => {
    await store?.close();
    await chat?.close();
  });

  const deliverer = (maxAttempts: number, receivers: ReceiverTarget[]) =>
    createDeliverer({
      store,
      receivers: new Map(receivers.map((r) => [r.name, r])),
      maxAttempts,
      initialBackoffMs: 50,
      maxBackoffMs: 200,
      timeoutMs: 2000,
      logger: memoryLogger().logger,
      now: Date.now,
    });

  it('waits as long as Retry-After says on 429, then delivers', async () => {
    const slack: ReceiverTarget = { name: 'slack', type: 'slack', url: `${chat.url}/slack/T/B/x` };
    const d = deliverer(5, [slack]);
    await store.commitFlush([], [notification('n-429', 'slack')]);
    chat.setMode('throttle');
    await d.run();
    const [pending] = await store.listNotifications({ limit: 10 });
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending!.lastError).toContain('HTTP 429');
    // Retry-After: 1 (second) beats the 50 ms back-off.
    expect(pending!.nextAttemptAt - Date.now()).toBeGreaterThan(800);
    chat.setMode('ok');
    expect(await d.run()).toBe(0);
    await waitFor('delivery after Retry-After', async () => (await d.run(), (await store.listNotifications({ limit: 10 }))[0]?.status === 'delivered'), 5000);
    expect(chat.accepted().length).toBe(1);
    expect(chat.received.length).toBe(2);
  });

  it('backs off exponentially on 5xx and keeps the notification as failed after the last try', async () => {
    const hook: ReceiverTarget = { name: 'hook', type: 'webhook', url: `${chat.url}/hook/secret` };
    const d = deliverer(3, [hook]);
    await store.commitFlush([], [notification('n-down', 'hook')]);
    chat.setMode('down');
    const before = chat.received.length;
    await waitFor(
      'three attempts then failed',
      async () => (await d.run(), (await store.listNotifications({ status: 'failed', limit: 10 })).length === 1),
      5000,
    );
    const times = chat.received.slice(before).map((r) => r.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(45);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(95);
    const [failed] = await store.listNotifications({ status: 'failed', limit: 10 });
    expect(failed).toMatchObject({ attempts: 3, notification: { id: 'n-down' } });
    expect(failed!.lastError).toBe(`POST ${chat.url}/…: HTTP 503: unavailable`);
    expect(await store.countNotifications()).toEqual({ pending: 0, delivered: 1, failed: 1 });

    // A retry from the UI puts it back in the queue.
    chat.setMode('ok');
    expect(await store.retryNotification('n-down', Date.now())).toBe(true);
    await d.run();
    expect(await store.countNotifications()).toEqual({ pending: 0, delivered: 2, failed: 0 });
  });

  it('gives up at once on a 4xx other than 408 and 429, and retries a refused connection', async () => {
    const gone: ReceiverTarget = { name: 'gone', type: 'slack', url: `${chat.url}/slack/deleted` };
    const closed = await closedPort();
    const refused: ReceiverTarget = { name: 'refused', type: 'discord', url: `http://127.0.0.1:${closed}/never` };
    const d = deliverer(5, [gone, refused]);
    await store.commitFlush([], [notification('n-gone', 'gone'), notification('n-refused', 'refused')]);
    chat.setMode('gone');
    await d.run();
    const items = new Map((await store.listNotifications({ limit: 10 })).map((i) => [i.notification.id, i]));
    expect(items.get('n-gone')).toMatchObject({ status: 'failed', attempts: 1, lastError: `POST ${chat.url}/…: HTTP 404: no_service` });
    expect(items.get('n-refused')).toMatchObject({ status: 'pending', attempts: 1 });
    expect(items.get('n-refused')?.lastError).toMatch(new RegExp(`^POST http://127\\.0\\.0\\.1:${closed}/…: .*ECONNREFUSED`));
  });
});
