import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';
import { startChatServer } from './alerts-chat-server';
import { freePort, startHttp, startPrometheus, type RealPrometheus } from './federation-helpers';

interface ApiAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  origin: string;
}

interface HookBody {
  status: string;
  alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; status: string }>;
}

/** A cluster's own name for itself (its Prometheus' `cluster` external label), and the fleet's name for it. */
const CLUSTERS = [
  { fleet: 'prod-eu', own: 'eu-west-1-main' },
  { fleet: 'prod-us', own: 'prod-us' },
] as const;

const alertLabels = (own: string) => ({ alertname: 'DiskAlmostFull', severity: 'warning', instance: 'node-1', cluster: own });

/**
 * One alert of a cluster's Prometheus reaches fleetscope by two paths: the
 * cluster's Alertmanager posts it to /api/alertmanager, and /federate carries
 * its ALERTS series (with the cluster's external label, which the federation
 * source moves to exported_cluster). Both are faked as the real ones answer:
 * the webhook as Alertmanager 0.25 writes payload v4, /federate as Prometheus
 * writes it.
 */
describe('an alert arriving from the cluster Alertmanager and through federated ALERTS', () => {
  const firing = new Map<string, boolean>(CLUSTERS.map((c) => [c.fleet, true]));
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    chat = await startChatServer();
    federate = await startHttp((req, res) => {
      const cluster = CLUSTERS.find((c) => req.url?.startsWith(`/${c.fleet}/federate`));
      if (!cluster) return void res.writeHead(404).end();
      const ts = Date.now();
      const own = cluster.own;
      const lines = [
        '# TYPE up untyped',
        `up{cluster="${own}",instance="localhost:9090",job="prometheus"} 1 ${ts}`,
        ...(firing.get(cluster.fleet)
          ? ['# TYPE ALERTS untyped', `ALERTS{alertname="DiskAlmostFull",alertstate="firing",cluster="${own}",instance="node-1",severity="warning"} 1 ${ts}`]
          : []),
      ];
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
    });
    const config = validateConfig({
      clusters: CLUSTERS.map((c) => ({ name: c.fleet, prometheus: { url: `${federate.url}/${c.fleet}/federate`, interval: '500ms', timeout: '400ms' } })),
      alerts: {
        evaluationInterval: '200ms',
        rules: { KubernetesReleaseEOL: { enabled: false }, KubernetesReleaseNearEOL: { enabled: false }, KubeletVersionSkew: { enabled: false } },
        route: { receiver: 'hook', group_by: ['alertname', 'cluster'], group_wait: '0s', group_interval: '500ms' },
        receivers: [{ name: 'hook', type: 'webhook', url: `${chat.url}/hook/x` }],
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  });

  afterAll(async () => {
    await app?.close();
    await federate?.close();
    await chat?.close();
  });

  /** What Alertmanager 0.25 posts: endsAt is the zero time while firing, the real end once resolved. */
  const postWebhook = async (fleet: string, own: string, status: 'firing' | 'resolved') => {
    const alert = {
      status,
      labels: alertLabels(own),
      annotations: { summary: 'Disk of node-1 is 93% full', runbook_url: 'https://runbooks.example/disk' },
      startsAt: new Date(Date.now() - 120_000).toISOString(),
      endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
      generatorURL: 'http://prometheus:9090/graph?g0.expr=disk',
      fingerprint: '3a1b2c3d4e5f6071',
    };
    const response = await fetch(`${app.url}/api/alertmanager?cluster=${fleet}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '4',
        groupKey: '{}:{alertname="DiskAlmostFull"}',
        truncatedAlerts: 0,
        status,
        receiver: 'fleetscope',
        groupLabels: { alertname: 'DiskAlmostFull' },
        commonLabels: alert.labels,
        commonAnnotations: alert.annotations,
        externalURL: 'http://alertmanager:9093',
        alerts: [alert],
      }),
    });
    expect(response.status).toBe(200);
  };
  /** The alert as either name of its cluster labels it. */
  const alertsOf = async (c: (typeof CLUSTERS)[number]) => {
    const body: { alerts: ApiAlert[] } = await (await fetch(`${app.url}/api/alerts`)).json();
    return body.alerts.filter((a) => a.labels.alertname === 'DiskAlmostFull' && (a.labels.cluster === c.fleet || a.labels.cluster === c.own));
  };
  const messagesOf = (c: (typeof CLUSTERS)[number]) =>
    chat
      .accepted()
      .map((r) => r.body)
      .filter((b): b is HookBody => !!b && typeof b === 'object' && 'alerts' in b)
      .filter((b) => b.alerts.some((a) => a.labels.cluster === c.fleet || a.labels.cluster === c.own));

  it('is one alert with the Alertmanager annotations, one firing message, and one resolved message whichever path resolves first', async () => {
    for (const c of CLUSTERS) await postWebhook(c.fleet, c.own, 'firing');
    // Both paths are in: the webhook, and a scrape with ALERTS evaluated after it.
    await new Promise((r) => setTimeout(r, 2500));
    for (const c of CLUSTERS) {
      const alerts = await alertsOf(c);
      expect(alerts.map((a) => [a.state, a.labels, a.annotations.summary])).toEqual([
        ['firing', c.own === c.fleet ? { ...alertLabels(c.fleet) } : { ...alertLabels(c.fleet), exported_cluster: c.own }, 'Disk of node-1 is 93% full'],
      ]);
      expect(messagesOf(c).map((m) => [m.status, m.alerts.length])).toEqual([['firing', 1]]);
    }

    // prod-eu: Prometheus stops firing first (the scrape sees it), its Alertmanager says so a group_interval later.
    firing.set('prod-eu', false);
    // prod-us: the Alertmanager's resolved webhook arrives before the scrape that no longer has ALERTS.
    await postWebhook('prod-us', 'prod-us', 'resolved');
    await new Promise((r) => setTimeout(r, 1500));
    firing.set('prod-us', false);
    await postWebhook('prod-eu', 'eu-west-1-main', 'resolved');

    for (const c of CLUSTERS) await waitFor(`the resolved message of ${c.fleet}`, () => messagesOf(c).some((m) => m.status === 'resolved'), 15_000);
    await new Promise((r) => setTimeout(r, 2000));
    for (const c of CLUSTERS) {
      expect(messagesOf(c).map((m) => [m.status, m.alerts.map((a) => a.status)])).toEqual([
        ['firing', ['firing']],
        ['resolved', ['resolved']],
      ]);
      expect((await alertsOf(c)).map((a) => a.state)).toEqual(['resolved']);
    }
  });
});

/**
 * The same with the real programs: a cluster's Prometheus (its own name in
 * the `cluster` external label) fires an alert from a rule, sends it to a
 * real Alertmanager that posts to fleetscope, and fleetscope federates the
 * same Prometheus' ALERTS series.
 */
describe('a real Prometheus and Alertmanager: one alert by both paths', () => {
  let disk = 0.95;
  let target: Awaited<ReturnType<typeof startHttp>>;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let prometheus: RealPrometheus;
  let alertmanager: ChildProcess;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let dir: string;
  const amOutput: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-both-'));
    chat = await startChatServer();
    target = await startHttp((_req, res) => res.end(`# TYPE disk_used_ratio gauge\ndisk_used_ratio{mount="/var"} ${disk}\n`));
    const amPort = await freePort();
    const rules = path.join(dir, 'rules.yml');
    writeFileSync(
      rules,
      [
        'groups:',
        '  - name: disk',
        '    interval: 1s',
        '    rules:',
        '      - alert: DiskAlmostFull',
        '        expr: disk_used_ratio > 0.9',
        '        labels: { severity: warning }',
        '        annotations: { summary: "Disk {{ $labels.mount }} is {{ $value | humanizePercentage }} full" }',
        '',
      ].join('\n'),
    );
    prometheus = await startPrometheus(`
global:
  scrape_interval: 1s
  evaluation_interval: 1s
  external_labels:
    cluster: eu-west-1-main
rule_files: ['${rules}']
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:${amPort}']
scrape_configs:
  - job_name: disk
    static_configs:
      - targets: ['${new URL(target.url).host}']
`);
    const config = validateConfig({
      clusters: [{ name: 'prod-eu', prometheus: { url: `${prometheus.url}/federate`, interval: '1s', timeout: '800ms' } }],
      alerts: {
        evaluationInterval: '200ms',
        rules: { KubernetesReleaseEOL: { enabled: false }, KubernetesReleaseNearEOL: { enabled: false }, KubeletVersionSkew: { enabled: false } },
        route: { receiver: 'hook', group_by: ['alertname', 'cluster'], group_wait: '0s', group_interval: '500ms' },
        receivers: [{ name: 'hook', type: 'webhook', url: `${chat.url}/hook/x` }],
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
    const amConfig = path.join(dir, 'alertmanager.yml');
    writeFileSync(
      amConfig,
      [
        'route:',
        '  receiver: fleetscope',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1m',
        'receivers:',
        '  - name: fleetscope',
        '    webhook_configs:',
        `      - url: ${app.url}/api/alertmanager?cluster=prod-eu`,
        '        send_resolved: true',
        '',
      ].join('\n'),
    );
    alertmanager = spawn(
      '/usr/bin/prometheus-alertmanager',
      [
        `--config.file=${amConfig}`,
        `--storage.path=${path.join(dir, 'am')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    alertmanager.stderr?.on('data', (d: Buffer) => amOutput.push(d.toString()));
    await waitFor(`Alertmanager ready (${amOutput.join('')})`, async () => (await fetch(`http://127.0.0.1:${amPort}/-/ready`).catch(() => null))?.ok, 30_000);
  });

  afterAll(async () => {
    if (alertmanager && alertmanager.exitCode === null && alertmanager.signalCode === null) {
      const exited = new Promise((resolve) => alertmanager.once('exit', resolve));
      alertmanager.kill('SIGTERM');
      await exited;
    }
    await app?.close();
    await prometheus?.close();
    await target?.close();
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const disks = async () => {
    const body: { alerts: ApiAlert[] } = await (await fetch(`${app.url}/api/alerts`)).json();
    return body.alerts.filter((a) => a.labels.alertname === 'DiskAlmostFull');
  };
  const messages = () =>
    chat
      .accepted()
      .map((r) => r.body)
      .filter((b): b is HookBody => !!b && typeof b === 'object' && 'alerts' in b)
      .map((b) => [b.status, b.alerts.map((a) => a.status)]);

  it("is one alert, with the rule's annotations, one firing and then one resolved message", async () => {
    // Both paths in: the Alertmanager's webhook (origin alertmanager) and the federated series.
    const alert = await waitFor(
      'the alert from the Alertmanager',
      async () => (await disks()).find((a) => a.origin === 'alertmanager' && a.state === 'firing'),
      30_000,
    );
    await waitFor('ALERTS federated', async () => (await prometheus.query('ALERTS{alertstate="firing"}')).length > 0, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await disks()).map((a) => [a.fingerprint, a.state])).toEqual([[alert.fingerprint, 'firing']]);
    expect(alert.labels).toEqual({
      alertname: 'DiskAlmostFull',
      cluster: 'prod-eu',
      exported_cluster: 'eu-west-1-main',
      instance: new URL(target.url).host,
      job: 'disk',
      mount: '/var',
      severity: 'warning',
    });
    expect(alert.annotations.summary).toBe('Disk /var is 95% full');
    expect(messages()).toEqual([['firing', ['firing']]]);

    disk = 0.5;
    await waitFor('the resolved message', () => messages().some(([status]) => status === 'resolved'), 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(messages()).toEqual([
      ['firing', ['firing']],
      ['resolved', ['resolved']],
    ]);
    expect((await disks()).map((a) => a.state)).toEqual(['resolved']);
  });
});
