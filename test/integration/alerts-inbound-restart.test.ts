import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kill9, startServe, type ServeChild } from '../helpers/command';
import { waitFor } from '../helpers/server';
import { startChatServer } from './alerts-chat-server';
import { startHttp } from './federation-helpers';

interface HookBody {
  status: string;
  alerts: Array<{ labels: Record<string, string>; status: string }>;
}

/** Alertmanager 0.25's webhook of one alert: the zero endsAt while it fires (unless `endsAt` is given, as a sender other than Alertmanager may). */
async function postAlert(url: string, alertname: string, status: 'firing' | 'resolved', endsAt?: string): Promise<void> {
  const alert = {
    status,
    labels: { alertname, severity: 'warning' },
    annotations: { summary: `${alertname} in edge` },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: endsAt ?? (status === 'firing' ? '0001-01-01T00:00:00Z' : new Date().toISOString()),
    generatorURL: 'http://prometheus:9090/graph',
    fingerprint: `${alertname.toLowerCase().padEnd(16, '0').slice(0, 16)}`,
  };
  const response = await fetch(`${url}/api/alertmanager?cluster=edge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      version: '4',
      status,
      receiver: 'fleetscope',
      groupLabels: { alertname },
      externalURL: 'http://alertmanager:9093',
      alerts: [alert],
    }),
  });
  expect(response.status).toBe(200);
}

/**
 * Inbound alerts across `kill -9`: the real command, a real chat receiver,
 * and an Alertmanager's webhooks posted as Alertmanager posts them.
 */
describe('inbound Alertmanager alerts survive kill -9 and end as Alertmanager ends them', () => {
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let dir: string;
  const children: ServeChild[] = [];

  const writeConfig = (name: string, resolveTimeout: string) => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, interval: '1s', timeout: '800ms' } }],
        store: { path: path.join(dir, name, 'fleetscope.db') },
        alerts: {
          evaluationInterval: '200ms',
          rules: { KubernetesReleaseEOL: { enabled: false }, KubernetesReleaseNearEOL: { enabled: false }, KubeletVersionSkew: { enabled: false } },
          route: { receiver: 'hook', group_by: ['alertname', 'cluster'], group_wait: '300ms', group_interval: '500ms', repeat_interval: '1h' },
          receivers: [{ name: 'hook', type: 'webhook', url: `${chat.url}/hook/${name}` }],
          inbound: { resolve_timeout: resolveTimeout },
        },
      }),
    );
    return file;
  };
  const start = async (file: string) => {
    const child = await startServe(file);
    children.push(child);
    return child;
  };
  const messages = (name: string) =>
    chat
      .accepted()
      .filter((r) => r.path === `/hook/${name}`)
      .map((r) => r.body)
      .filter((b): b is HookBody => !!b && typeof b === 'object' && 'alerts' in b)
      .map((b) => `${b.status} ${b.alerts.map((a) => a.labels.alertname).join(',')}`);

  /** True once `count` notifications are delivered, as GET /api/notifications lists them. */
  const delivered = async (url: string, count: number) => {
    const body = (await (await fetch(`${url}/api/notifications?status=delivered`)).json()) as { notifications: unknown[] };
    return body.notifications.length >= count;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-inbound-'));
    chat = await startChatServer();
    federate = await startHttp((_req, res) => res.end(`up{job="prometheus"} 1 ${Date.now()}\n`));
  });

  afterAll(async () => {
    for (const c of children) await kill9(c);
    await chat?.close();
    await federate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after kill -9 an alert still firing is not sent resolved; it resolves when its Alertmanager says so', async () => {
    const config = writeConfig('firing', '1m');
    let child = await start(config);
    await postAlert(child.url, 'DiskFull', 'firing');
    await postAlert(child.url, 'HighLatency', 'firing');
    await waitFor('both firing messages', () => messages('firing').length >= 2, 20_000);
    // Delivery is at least once: a kill between the receiver's 200 and fleetscope noting it sends that message again.
    // What this test is about comes after delivery was noted.
    await waitFor('both noted as delivered', () => delivered(child.url, 2), 20_000);
    await kill9(child);

    // Killed again at once after a post: the alert was kept before the webhook was answered.
    child = await start(config);
    await postAlert(child.url, 'QueueStuck', 'firing');
    await kill9(child);

    child = await start(config);
    await waitFor('the firing message of the alert posted just before kill -9', () => messages('firing').includes('firing QueueStuck'), 20_000);
    // Many evaluation rounds and group intervals: nothing resolves on its own.
    await new Promise((r) => setTimeout(r, 4000));
    expect(messages('firing').sort()).toEqual(['firing DiskFull', 'firing HighLatency', 'firing QueueStuck']);
    const body: { alerts: Array<{ labels: Record<string, string>; state: string; origin: string }> } = await (await fetch(`${child.url}/api/alerts`)).json();
    expect(body.alerts.map((a) => [a.labels.alertname, a.state, a.origin]).sort()).toEqual([
      ['DiskFull', 'firing', 'alertmanager'],
      ['HighLatency', 'firing', 'alertmanager'],
      ['QueueStuck', 'firing', 'alertmanager'],
    ]);

    await postAlert(child.url, 'DiskFull', 'resolved');
    await waitFor('the resolved message', () => messages('firing').includes('resolved DiskFull'), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(messages('firing').filter((m) => m.startsWith('resolved'))).toEqual(['resolved DiskFull']);
    child.process.kill('SIGTERM');
  });

  it('an alert not posted again resolves after its endsAt, or after the resolve timeout for the zero endsAt, a kill -9 in between', async () => {
    const config = writeConfig('timeout', '3s');
    let child = await start(config);
    const posted = Date.now();
    await postAlert(child.url, 'NoEnd', 'firing');
    await postAlert(child.url, 'ShortEnd', 'firing', new Date(posted + 1500).toISOString());
    await waitFor('the resolved message of the alert with an endsAt', () => messages('timeout').includes('resolved ShortEnd'), 20_000);
    expect(Date.now() - posted).toBeGreaterThanOrEqual(1500);
    await waitFor('the resolved message of the alert with the zero endsAt', () => messages('timeout').includes('resolved NoEnd'), 20_000);
    expect(Date.now() - posted).toBeGreaterThanOrEqual(3000);
    expect(messages('timeout').sort()).toEqual(['firing NoEnd', 'firing ShortEnd', 'resolved NoEnd', 'resolved ShortEnd']);

    await postAlert(child.url, 'Orphan', 'firing');
    await kill9(child);
    child = await start(config);
    const restarted = Date.now();
    await waitFor('the resolved message of the alert posted before kill -9', () => messages('timeout').includes('resolved Orphan'), 20_000);
    // A whole resolve timeout from the start: its Alertmanager could not post while fleetscope was down.
    expect(Date.now() - restarted).toBeGreaterThanOrEqual(3000);
    expect(messages('timeout').filter((m) => m.endsWith('Orphan'))).toEqual(['firing Orphan', 'resolved Orphan']);
    expect(child.output.join('')).toContain('inbound alert resolved: its Alertmanager did not post it again within alerts.inbound.resolve_timeout');
    child.process.kill('SIGTERM');
  });
});
