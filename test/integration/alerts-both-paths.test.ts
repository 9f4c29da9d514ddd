import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';
import { startChatServer } from './alerts-chat-server';
import { startHttp } from './federation-helpers';

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
