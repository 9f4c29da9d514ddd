import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { amtool, startAlertmanager, type RealAlertmanager } from '../helpers/alertmanager';
import { startTestServer, waitFor } from '../helpers/server';
import { startHttp } from './federation-helpers';

/** A JSON value with every leaf replaced by its type and every list by the shape of its first item: what two answers must share. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, shape(v)]),
    );
  return typeof value;
}

const LABELS = { alertname: 'DiskAlmostFull', cluster: 'edge-1', instance: 'node-1', severity: 'critical' };

/**
 * fleetscope's Alertmanager API v2 beside a real Alertmanager (Debian's
 * prometheus-alertmanager, 0.25) configured with the routing tree
 * fleetscope says it has, holding the same alert: amtool and plain HTTP
 * see the same shapes from both.
 */
describe('fleetscope and a real Alertmanager answer the API v2 alike', () => {
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let am: RealAlertmanager;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-am-compare-'));
    federate = await startHttp((_req, res) => {
      const ts = Date.now();
      const alert = `ALERTS{alertname="DiskAlmostFull",alertstate="firing",instance="node-1",severity="critical"} 1 ${ts}`;
      res
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        .end(`# TYPE up untyped\nup{job="prometheus"} 1 ${ts}\n# TYPE ALERTS untyped\n${alert}\n`);
    });
    const config = validateConfig({
      clusters: [{ name: 'edge-1', prometheus: { url: `${federate.url}/federate`, interval: '500ms', timeout: '400ms' } }],
      alerts: {
        evaluationInterval: '200ms',
        rules: { KubernetesReleaseEOL: { enabled: false }, KubernetesReleaseNearEOL: { enabled: false }, KubeletVersionSkew: { enabled: false } },
        route: {
          receiver: 'team-chat',
          group_by: ['alertname', 'cluster'],
          routes: [
            { receiver: 'pager', matchers: ['severity="critical"', 'cluster=~"edge-.*"'], group_by: ['cluster'], group_wait: '10s' },
            { receiver: 'db-team', matchers: ['namespace="db"'], continue: true },
          ],
        },
        receivers: [
          { name: 'team-chat', type: 'slack', url: 'http://127.0.0.1:9/slack' },
          { name: 'pager', type: 'webhook', url: 'http://127.0.0.1:9/pager' },
          { name: 'db-team', type: 'teams', url: 'http://127.0.0.1:9/teams' },
        ],
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
    const [held] = await waitFor('the alert firing', async () => {
      const alerts: Array<{ annotations: Record<string, string>; generatorURL: string }> = await (await fetch(`${app.url}/api/v2/alerts`)).json();
      return alerts.length === 1 && alerts;
    });

    const status: { config: { original: string } } = await (await fetch(`${app.url}/api/v2/status`)).json();
    const configFile = path.join(dir, 'alertmanager.yml');
    writeFileSync(configFile, status.config.original);
    am = await startAlertmanager({ configFile, dir });
    const posted = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: LABELS, annotations: held?.annotations, generatorURL: held?.generatorURL }]),
    });
    expect(posted.status).toBe(200);
    // Alertmanager's dispatcher takes a posted alert into its groups on its own goroutine: wait until it has.
    await waitFor('the alert in a group of Alertmanager', async () => {
      const groups: unknown[] = await (await fetch(`${am.url}/api/v2/alerts/groups`)).json();
      return groups.length > 0;
    });
  });

  afterAll(async () => {
    await am?.close();
    await app?.close();
    await federate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const both = async (args: string[]) => {
    const [ours, theirs] = await Promise.all(
      [app.url, am.url].map((url) => amtool([`--alertmanager.url=${url}`, '--no-version-check', ...args], { home: dir })),
    );
    return { ours: ours!, theirs: theirs! };
  };
  const get = async (pathname: string) => {
    const [ours, theirs] = await Promise.all([app.url, am.url].map(async (url) => (await fetch(`${url}${pathname}`)).json()));
    return { ours, theirs };
  };

  it('draws the same routing tree and routes label sets the same (amtool config routes [test])', async () => {
    const routes = await both(['config', 'routes']);
    expect(routes.ours.code).toBe(0);
    expect(routes.ours.stdout).toBe(routes.theirs.stdout);
    for (const labels of [['severity=critical', 'cluster=edge-2'], ['namespace=db'], ['alertname=X']]) {
      const tested = await both(['config', 'routes', 'test', ...labels]);
      expect(tested.ours.stdout).toBe(tested.theirs.stdout);
    }
    const receivers = await get('/api/v2/receivers');
    expect(receivers.ours).toEqual(receivers.theirs);
  });

  it('lists the alert in the same shape, with the same receivers, alone and in groups', async () => {
    const alerts = await both(['alert', 'query', '-o', 'json']);
    const [ours] = JSON.parse(alerts.ours.stdout);
    const [theirs] = JSON.parse(alerts.theirs.stdout);
    expect(shape(ours)).toEqual(shape(theirs));
    expect([ours.labels, ours.receivers, ours.status]).toEqual([theirs.labels, theirs.receivers, theirs.status]);
    const groups = await get('/api/v2/alerts/groups');
    expect(shape(groups.ours)).toEqual(shape(groups.theirs));
    expect(groups.ours.map((g: { labels: unknown; receiver: unknown }) => [g.labels, g.receiver])).toEqual(
      groups.theirs.map((g: { labels: unknown; receiver: unknown }) => [g.labels, g.receiver]),
    );
    const status = await get('/api/v2/status');
    expect(shape(status.ours)).toEqual(shape(status.theirs));
  });

  it('adds, lists, mutes with, and expires a silence alike', async () => {
    const added = await both(['silence', 'add', 'alertname=DiskAlmostFull', 'instance=~"node-.*"', '--comment=disk swap', '--duration=1h', '--author=otto']);
    expect(added.ours.code).toBe(0);
    const ids = { ours: added.ours.stdout.trim(), theirs: added.theirs.stdout.trim() };
    const listed = await both(['silence', 'query', '-o', 'json', 'alertname=DiskAlmostFull']);
    const [ours] = JSON.parse(listed.ours.stdout);
    const [theirs] = JSON.parse(listed.theirs.stdout);
    expect(shape(ours)).toEqual(shape(theirs));
    const same = (s: Record<string, unknown>) => [s.matchers, s.createdBy, s.comment, s.status];
    expect(same(ours)).toEqual(same(theirs));
    const one = await Promise.all([
      fetch(`${app.url}/api/v2/silence/${ids.ours}`).then((r) => r.json()),
      fetch(`${am.url}/api/v2/silence/${ids.theirs}`).then((r) => r.json()),
    ]);
    expect(shape(one[0])).toEqual(shape(one[1]));

    const muted = await both(['alert', 'query', '-o', 'json', '--silenced']);
    const status = (out: string) => JSON.parse(out)[0].status;
    expect(status(muted.ours.stdout)).toEqual({ ...status(muted.theirs.stdout), silencedBy: [ids.ours] });

    const expired = await Promise.all([
      amtool([`--alertmanager.url=${app.url}`, '--no-version-check', 'silence', 'expire', ids.ours], { home: dir }),
      amtool([`--alertmanager.url=${am.url}`, '--no-version-check', 'silence', 'expire', ids.theirs], { home: dir }),
    ]);
    expect(expired.map((e) => [e.code, e.stdout, e.stderr])).toEqual([
      [0, '', ''],
      [0, '', ''],
    ]);
    const after = await both(['silence', 'query', '-o', 'json', '--expired']);
    expect(JSON.parse(after.ours.stdout)[0].status).toEqual(JSON.parse(after.theirs.stdout)[0].status);
  });

  it('refuses a silence that ends in the past with the same status and sentence, and answers 404 for an unknown silence', async () => {
    const body = JSON.stringify({
      matchers: [{ name: 'alertname', value: 'X', isRegex: false }],
      startsAt: '2020-01-01T00:00:00Z',
      endsAt: '2020-01-02T00:00:00Z',
      createdBy: 'otto',
      comment: 'late',
    });
    const refused = await Promise.all(
      [app.url, am.url].map(async (url) => {
        const r = await fetch(`${url}/api/v2/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return [r.status, r.headers.get('content-type')?.split(';')[0], await r.json()];
      }),
    );
    expect(refused[0]).toEqual(refused[1]);
    const unknown = await Promise.all([app.url, am.url].map(async (url) => (await fetch(`${url}/api/v2/silence/00000000-0000-0000-0000-000000000000`)).status));
    expect(unknown).toEqual([404, 404]);
  });
});
