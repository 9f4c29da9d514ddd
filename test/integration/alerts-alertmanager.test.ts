import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startAlertmanager, type RealAlertmanager } from '../helpers/alertmanager';
import { startTestServer, waitFor } from '../helpers/server';
import { startChatServer, withTimeout } from './alerts-chat-server';

interface ApiAlert {
  labels: Record<string, string>;
  state: string;
  origin: string;
}

const TOKEN = 'inbound-token-0123456789';

describe('POST /api/alertmanager with a real Alertmanager in front', () => {
  let sim: SimFleet;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let alertmanager: RealAlertmanager;
  let amUrl: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-am-'));
    chat = await startChatServer();
    sim = await startSimFleet([{ name: 'edge-1', labels: {}, version: 'v1.30.6', nodes: 2, podsPerNode: 2 }], { interval: '1s', prometheusOnly: true });
    writeFileSync(path.join(dir, 'inbound-token'), `${TOKEN}\n`);
    const config = validateConfig({
      clusters: withTimeout(sim.configDocument().clusters, '800ms'),
      alerts: {
        evaluationInterval: '200ms',
        rules: { KubernetesReleaseEOL: { enabled: false }, KubernetesReleaseNearEOL: { enabled: false }, KubeletVersionSkew: { enabled: false } },
        route: { receiver: 'hook', group_by: ['alertname', 'cluster'], group_wait: '0s', group_interval: '1s' },
        receivers: [{ name: 'hook', type: 'webhook', url: `${chat.url}/hook/x` }],
        inbound: { token_file: path.join(dir, 'inbound-token') },
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath: path.join(dir, 'fleetscope.db') });

    const amConfig = path.join(dir, 'alertmanager.yml');
    writeFileSync(
      amConfig,
      [
        'route:',
        '  receiver: fleetscope',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: fleetscope',
        '    webhook_configs:',
        `      - url: ${app.url}/api/alertmanager?cluster=edge-1`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials: ${TOKEN}`,
        '',
      ].join('\n'),
    );
    alertmanager = await startAlertmanager({ configFile: amConfig, dir });
    amUrl = alertmanager.url;
  });

  afterAll(async () => {
    await alertmanager?.close();
    await app?.close();
    await sim?.close();
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const postToAlertmanager = async (endsAt?: string) => {
    const response = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: 'DiskAlmostFull', severity: 'warning', instance: 'node-1' },
          annotations: { summary: 'Disk of node-1 is 93% full' },
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          ...(endsAt ? { endsAt } : {}),
        },
      ]),
    });
    expect(response.status).toBe(200);
  };
  const fromHook = () =>
    chat
      .accepted()
      .map((r) => r.body)
      .filter(
        (b): b is { status: string; alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; status: string }> } =>
          !!b && typeof b === 'object' && 'alerts' in b,
      );

  it('takes in what the cluster Alertmanager sends, labels it with the cluster and routes it on; resolves it too', async () => {
    await postToAlertmanager();
    const alert = await waitFor(
      'the alert in /api/alerts',
      async () => {
        const body: { alerts: ApiAlert[] } = await (await fetch(`${app.url}/api/alerts`)).json();
        return body.alerts.find((a) => a.labels.alertname === 'DiskAlmostFull' && a.state === 'firing');
      },
      30_000,
    );
    expect(alert).toMatchObject({ origin: 'alertmanager', labels: { cluster: 'edge-1', instance: 'node-1', severity: 'warning' } });
    await waitFor('the firing notification', () => fromHook().some((b) => b.status === 'firing'), 30_000);
    const firing = fromHook().find((b) => b.status === 'firing')!;
    expect(firing.alerts.map((a) => [a.labels.alertname, a.labels.cluster, a.annotations.summary])).toEqual([
      ['DiskAlmostFull', 'edge-1', 'Disk of node-1 is 93% full'],
    ]);

    await postToAlertmanager(new Date().toISOString());
    await waitFor('the resolved notification', () => fromHook().some((b) => b.status === 'resolved'), 30_000);
    expect(fromHook().map((b) => b.status)).toEqual(['firing', 'resolved']);
  });

  it('answers 401 without the bearer token, and 400 with the problems for a payload that is not version 4', async () => {
    const anonymous = await fetch(`${app.url}/api/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: '4', status: 'firing', alerts: [] }),
    });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${app.url}/api/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    const response = await fetch(`${app.url}/api/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ version: '3', status: 'firing', alerts: [] }),
    });
    expect(response.status).toBe(400);
    const body: { problems: string[] } = await response.json();
    expect(body.problems.join('\n')).toContain('version: only version "4"');
  });
});
