import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../server/auth/tokens';
import { validateConfig } from '../../server/config/load';
import { request } from '../helpers/access';
import { amtool } from '../helpers/alertmanager';
import { startTestServer, waitFor } from '../helpers/server';
import { startHttp } from './federation-helpers';

/**
 * The real amtool (Debian's prometheus-alertmanager, 0.25) against
 * fleetscope's Alertmanager API v2, with access control on: tokens given
 * as amtool gives them, in its --http.config.file.
 */
describe('amtool against fleetscope', () => {
  const viewer = newToken();
  const operator = newToken();
  const admin = newToken();
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let home: string;
  const httpConfig = (name: string) => path.join(home, `${name}.yml`);

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-amtool-'));
    for (const [name, token] of [
      ['viewer', viewer.token],
      ['admin', admin.token],
    ] as const)
      writeFileSync(httpConfig(name), `authorization:\n  type: Bearer\n  credentials: ${token}\n`);
    // The operator's token in a file of its own, as docs/alerts.md suggests.
    writeFileSync(path.join(home, 'operator-token'), `${operator.token}\n`);
    writeFileSync(httpConfig('operator'), `authorization:\n  type: Bearer\n  credentials_file: ${path.join(home, 'operator-token')}\n`);
    federate = await startHttp((_req, res) => {
      const ts = Date.now();
      const lines = [
        '# TYPE up untyped',
        `up{instance="localhost:9090",job="prometheus"} 1 ${ts}`,
        '# TYPE ALERTS untyped',
        `ALERTS{alertname="DiskAlmostFull",alertstate="firing",instance="node-1",severity="warning"} 1 ${ts}`,
        `ALERTS{alertname="CPUThrottlingHigh",alertstate="firing",namespace="shop",severity="critical"} 1 ${ts}`,
      ];
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
    });
    const config = validateConfig({
      clusters: [{ name: 'edge-1', prometheus: { url: `${federate.url}/federate`, interval: '500ms', timeout: '400ms' } }],
      auth: {
        tokens: [
          { name: 'lobby-tv', role: 'viewer', hash: viewer.hash },
          { name: 'oncall-bot', role: 'operator', hash: operator.hash },
          { name: 'root', role: 'admin', hash: admin.hash },
        ],
      },
      alerts: {
        evaluationInterval: '200ms',
        rules: { KubernetesReleaseEOL: { enabled: false }, KubernetesReleaseNearEOL: { enabled: false }, KubeletVersionSkew: { enabled: false } },
        route: {
          receiver: 'team-chat',
          group_by: ['alertname', 'cluster'],
          group_wait: '10s',
          routes: [{ receiver: 'pager', matchers: ['severity="critical"'], group_by: ['cluster'] }],
        },
        receivers: [
          { name: 'team-chat', type: 'slack', url: 'http://127.0.0.1:9/slack' },
          { name: 'pager', type: 'webhook', url: 'http://127.0.0.1:9/pager' },
        ],
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
    await waitFor('both alerts firing', async () => {
      const body = (await request(`${app.url}/api/alerts`, { headers: { authorization: `Bearer ${viewer.token}` } })).json;
      return body.alerts.filter((a: { state: string }) => a.state === 'firing').length === 2;
    });
  });

  afterAll(async () => {
    await app?.close();
    await federate?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const run = (as: 'viewer' | 'operator' | 'admin' | null, ...args: string[]) =>
    amtool([`--alertmanager.url=${app.url}`, '--no-version-check', ...(as ? [`--http.config.file=${httpConfig(as)}`] : []), ...args], { home });
  const audit = async () => (await request(`${app.url}/api/audit`, { headers: { authorization: `Bearer ${admin.token}` } })).json.entries;

  it('alert query lists the firing alerts with their receivers, and filters them with a matcher', async () => {
    const all = await run('viewer', 'alert', 'query', '-o', 'json');
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    const alerts: Array<{ labels: Record<string, string>; receivers: Array<{ name: string }>; status: { state: string } }> = JSON.parse(all.stdout);
    expect(alerts.map((a) => [a.labels.alertname, a.labels.cluster, a.receivers.map((r) => r.name), a.status.state]).sort()).toEqual([
      ['CPUThrottlingHigh', 'edge-1', ['pager'], 'active'],
      ['DiskAlmostFull', 'edge-1', ['team-chat'], 'active'],
    ]);
    const one = await run('viewer', 'alert', 'query', 'severity=critical');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('CPUThrottlingHigh');
    expect(one.stdout).not.toContain('DiskAlmostFull');
    const none = await run('viewer', 'alert', 'query', 'alertname=~"(?i)disk.*"', '--receiver=pager');
    expect(none.code).toBe(0);
    expect(none.stdout).not.toContain('DiskAlmostFull');
  });

  it('refuses a query without a token, and a viewer adding a silence; the refusal says what it takes', async () => {
    const anonymous = await run(null, 'silence', 'query');
    expect(anonymous.code).not.toBe(0);
    const byViewer = await run('viewer', 'silence', 'add', 'alertname=DiskAlmostFull', '--comment=disk swap', '--duration=1h');
    expect(byViewer.code).not.toBe(0);
    expect(byViewer.stderr).toMatch(/403|forbidden/i);
    expect((await request(`${app.url}/api/silences`, { headers: { authorization: `Bearer ${viewer.token}` } })).json.silences).toEqual([]);
  });

  it('an operator adds a silence (the token as creator, in the audit log), it mutes the alert, a viewer queries it, the operator expires it', async () => {
    const added = await run(
      'operator',
      'silence',
      'add',
      'alertname=DiskAlmostFull',
      'cluster=edge-1',
      '--comment=disk swap',
      '--duration=2h',
      '--author=mallory',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const id = added.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const quiet = await run('viewer', 'silence', 'query', '-q');
    expect(quiet.stdout.trim()).toBe(id);
    const listed = await run('viewer', 'silence', 'query', '-o', 'json', 'alertname=DiskAlmostFull');
    expect(listed.code).toBe(0);
    const [silence] = JSON.parse(listed.stdout);
    expect(silence).toMatchObject({
      id,
      createdBy: 'oncall-bot',
      comment: 'disk swap',
      status: { state: 'active' },
      matchers: [
        { name: 'alertname', value: 'DiskAlmostFull', isRegex: false, isEqual: true },
        { name: 'cluster', value: 'edge-1', isRegex: false, isEqual: true },
      ],
    });
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBeGreaterThan(7_100_000);
    expect((await run('viewer', 'silence', 'query', '-q', 'alertname=Other')).stdout.trim()).toBe('');

    const suppressed = JSON.parse((await run('viewer', 'alert', 'query', '-o', 'json', '--silenced', 'alertname=DiskAlmostFull')).stdout);
    expect(suppressed).toMatchObject([{ status: { state: 'suppressed', silencedBy: [id], inhibitedBy: [] } }]);
    // amtool's default shows active alerts only: the silenced one is left out.
    const active = await run('viewer', 'alert', 'query');
    expect(active.stdout).toContain('CPUThrottlingHigh');
    expect(active.stdout).not.toContain('DiskAlmostFull');

    const byViewer = await run('viewer', 'silence', 'expire', id);
    expect(byViewer.code).not.toBe(0);
    const expired = await run('operator', 'silence', 'expire', id);
    expect(expired.stderr).toBe('');
    expect(expired.code).toBe(0);
    expect((await run('viewer', 'silence', 'query', '-q')).stdout.trim()).toBe('');
    expect((await run('viewer', 'silence', 'query', '-q', '--expired')).stdout.trim()).toBe(id);

    const entries = await audit();
    expect(entries.slice(0, 2)).toMatchObject([
      {
        action: 'silence.expired',
        actor: 'oncall-bot',
        method: 'token',
        target: id,
        detail: '{alertname="DiskAlmostFull", cluster="edge-1"}, created by oncall-bot',
      },
      {
        action: 'silence.created',
        actor: 'oncall-bot',
        method: 'token',
        target: id,
        detail: expect.stringMatching(/^\{alertname="DiskAlmostFull", cluster="edge-1"\} until \S+Z: disk swap$/),
      },
    ]);
  });

  it('shows a refused silence as Alertmanager words it; a regex RE2 refuses is refused by its problem', async () => {
    const past = await run('operator', 'silence', 'add', 'alertname=X', '--comment=late', '--end=2001-01-01T00:00:00Z', '--start=2000-01-01T00:00:00Z');
    expect(past.code).not.toBe(0);
    expect(past.stderr).toContain("end time can't be in the past");
    // amtool compiles regexes itself (Go's RE2), so a client that does not is needed to send one RE2 refuses.
    const badRegex = await request(`${app.url}/api/v2/silences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: '(?=Disk)', isRegex: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'x',
        comment: 'lookahead',
      }),
    });
    expect(badRegex.status).toBe(400);
    expect(badRegex.headers['content-type']).toMatch(/^application\/json/);
    expect(badRegex.json).toMatch(/^invalid silence: matchers\[0\]: alertname: not a valid regular expression \(RE2 syntax\)/);
  });

  it("warns, as it does against any Alertmanager of another version, that fleetscope's version differs", async () => {
    const checked = await amtool([`--alertmanager.url=${app.url}`, `--http.config.file=${httpConfig('viewer')}`, 'silence', 'query'], { home });
    expect(checked.code).toBe(0);
    expect(checked.stderr).toBe('Warning: amtool version (0.25.0) and alertmanager version (0.1.0) are different.\n');
  });

  it("config routes draws fleetscope's routing tree from /api/v2/status", async () => {
    const routes = await run('viewer', 'config', 'routes');
    expect(routes.stderr).toBe('');
    expect(routes.code).toBe(0);
    expect(routes.stdout).toContain('team-chat');
    expect(routes.stdout).toMatch(/\{severity="critical"\}.*pager/);
    const tested = await run('viewer', 'config', 'routes', 'test', 'severity=critical', 'alertname=X');
    expect(tested.stdout.trim()).toBe('pager');
  });

  it("reads its URL and token from its config file (Debian's amtool: ~/.config/prometheus/amtool.yml) and the http config file it names", async () => {
    mkdirSync(path.join(home, '.config', 'prometheus'), { recursive: true });
    writeFileSync(
      path.join(home, '.config', 'prometheus', 'amtool.yml'),
      `alertmanager.url: ${app.url}\nhttp.config.file: ${httpConfig('viewer')}\noutput: json\nversion-check: false\n`,
    );
    try {
      const listed = await amtool(['alert', 'query', 'alertname=CPUThrottlingHigh'], { home });
      expect(listed.stderr).toBe('');
      expect(JSON.parse(listed.stdout)).toMatchObject([{ labels: { alertname: 'CPUThrottlingHigh', cluster: 'edge-1' } }]);
    } finally {
      rmSync(path.join(home, '.config'), { recursive: true, force: true });
    }
  });
});

/** What amtool asks of an Alertmanager that fleetscope does not do, and how amtool says so. */
describe('amtool against a fleetscope without receivers', () => {
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-amtool-bare-'));
    federate = await startHttp((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`# TYPE up untyped\nup{job="prometheus"} 1 ${Date.now()}\n`);
    });
    const config = validateConfig({ clusters: [{ name: 'edge-1', prometheus: { url: `${federate.url}/federate` } }] });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  });

  afterAll(async () => {
    await app?.close();
    await federate?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const run = (...args: string[]) => amtool([`--alertmanager.url=${app.url}`, '--no-version-check', ...args], { home });

  it('config routes says there is no route: fleetscope routes nothing without receivers', async () => {
    expect(await run('config', 'routes')).toEqual({ code: 1, stdout: '', stderr: 'amtool: error: no route provided in config\n' });
  });

  it('alert add is refused (405): alerts come in through POST /api/alertmanager', async () => {
    const added = await run('alert', 'add', 'alertname=Test');
    expect(added.code).toBe(1);
    expect(added.stderr).toContain('(status 405)');
  });
});
