import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { startChatServer, withTimeout } from './alerts-chat-server';

interface SilenceJson {
  id: string;
  status: string;
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
  endsAt: string;
  createdBy: string;
}

describe('silences over REST: silenced alerts are not sent until the silence is expired', () => {
  let sim: SimFleet;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-silences-'));
    chat = await startChatServer();
    sim = await startSimFleet(
      [
        { name: 'prod-eu', labels: {}, version: 'v1.30.6', nodes: 2, podsPerNode: 2, crashLoopPods: 1 },
        { name: 'prod-us', labels: {}, version: 'v1.30.6', nodes: 2, podsPerNode: 2, crashLoopPods: 1 },
      ],
      { interval: '1s', prometheusOnly: true },
    );
    const config = validateConfig({
      clusters: withTimeout(sim.configDocument().clusters, '800ms'),
      alerts: {
        evaluationInterval: '200ms',
        rules: { PodCrashLooping: { for: '0s' }, ForwardClusterAlerts: { enabled: false } },
        route: { receiver: 'hook', group_by: ['cluster'], group_wait: '2s', group_interval: '1s' },
        receivers: [{ name: 'hook', type: 'webhook', url: `${chat.url}/hook/x` }],
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath: path.join(dir, 'fleetscope.db') });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.close();
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: unknown) =>
    fetch(`${app.url}/api/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const clustersNotified = () =>
    [
      ...new Set(
        chat
          .accepted()
          .flatMap((r) =>
            r.body &&
            typeof r.body === 'object' &&
            'commonLabels' in r.body &&
            r.body.commonLabels &&
            typeof r.body.commonLabels === 'object' &&
            'cluster' in r.body.commonLabels
              ? [String(r.body.commonLabels.cluster)]
              : [],
          ),
      ),
    ].sort();

  it('refuses a silence without matchers, with a bad regex or an end in the past, naming the field', async () => {
    const bad = await post({ matchers: [], endsAt: new Date(Date.now() + 60_000).toISOString(), createdBy: 'sre', comment: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ problems: ['matchers: a silence needs at least one matcher'] });
    const regex = await post({
      matchers: [{ name: 'cluster', value: '(', isRegex: true }],
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      createdBy: 'sre',
      comment: 'x',
    });
    expect(await regex.json()).toMatchObject({ problems: [expect.stringMatching(/^matchers\[0\]: cluster: not a valid regular expression/)] });
    const past = await post({ matchers: [{ name: 'cluster', value: 'x' }], endsAt: '2020-01-01T00:00:00Z', createdBy: 'sre', comment: 'x' });
    expect(await past.json()).toMatchObject({ problems: ['endsAt: must be after startsAt (and in the future)'] });
  });

  it('keeps a silenced cluster quiet, lists the silence, and sends once it is expired', async () => {
    const created = await post({
      matchers: [{ name: 'cluster', value: 'prod-eu', isRegex: false, isEqual: true }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'sre@example.com',
      comment: 'maintenance',
    });
    expect(created.status).toBe(201);
    const { silenceID }: { silenceID: string } = await created.json();

    await waitFor('prod-us notified', () => clustersNotified().includes('prod-us'), 30_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(clustersNotified()).toEqual(['prod-us']);
    const alerts: { alerts: Array<{ labels: Record<string, string>; silencedBy: string[] }> } = await (await fetch(`${app.url}/api/alerts`)).json();
    const euSilencedBy = alerts.alerts.filter((a) => a.labels.cluster === 'prod-eu').map((a) => a.silencedBy);
    expect(euSilencedBy.length).toBeGreaterThan(0);
    expect(euSilencedBy.every((ids) => ids.length === 1 && ids[0] === silenceID)).toBe(true);

    // Built-in rules over the skew report: Kubernetes 1.30 is past its end of life (release table in config/).
    expect(alerts.alerts.find((a) => a.labels.alertname === 'KubernetesReleaseEOL' && a.labels.cluster === 'prod-us')).toMatchObject({
      labels: { severity: 'critical' },
      silencedBy: [],
    });
    const listed: { silences: SilenceJson[] } = await (await fetch(`${app.url}/api/silences`)).json();
    expect(listed.silences).toMatchObject([
      { id: silenceID, status: 'active', createdBy: 'sre@example.com', matchers: [{ name: 'cluster', value: 'prod-eu', isRegex: false, isEqual: true }] },
    ]);

    expect((await fetch(`${app.url}/api/silences/${silenceID}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${app.url}/api/silences/${silenceID}`, { method: 'DELETE' })).status).toBe(404);
    await waitFor('prod-eu notified after the silence expired', () => clustersNotified().includes('prod-eu'), 30_000);
    const after: { silences: SilenceJson[] } = await (await fetch(`${app.url}/api/silences`)).json();
    expect(after.silences[0]?.status).toBe('expired');
  });
  it('reads RE2 syntax in matchers: (?i), POSIX and Perl classes mute what they name and nothing else', async () => {
    const created = await post({
      matchers: [
        { name: 'alertname', value: '(?i)kubernetesrelease[[:alpha:]]+', isRegex: true, isEqual: true },
        { name: 'cluster', value: 'PROD-\\w+', isRegex: true, isEqual: true },
      ],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'sre@example.com',
      comment: 'release upgrade planned',
    });
    expect(created.status).toBe(201);
    const { silenceID }: { silenceID: string } = await created.json();
    // `PROD-\w+` is case-sensitive: it names no cluster, so nothing is muted.
    const none: { alerts: Array<{ labels: Record<string, string>; silencedBy: string[] }> } = await (await fetch(`${app.url}/api/alerts`)).json();
    expect(none.alerts.filter((a) => a.silencedBy.includes(silenceID))).toEqual([]);
    await fetch(`${app.url}/api/silences/${silenceID}`, { method: 'DELETE' });

    const insensitive = await post({
      matchers: [
        { name: 'alertname', value: '(?i)kubernetesrelease[[:alpha:]]+', isRegex: true, isEqual: true },
        { name: 'cluster', value: '(?i)PROD-\\w+', isRegex: true, isEqual: true },
      ],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'sre@example.com',
      comment: 'release upgrade planned',
    });
    const { silenceID: id }: { silenceID: string } = await insensitive.json();
    await waitFor('the release alerts silenced', async () => {
      const body: { alerts: Array<{ labels: Record<string, string>; silencedBy: string[] }> } = await (await fetch(`${app.url}/api/alerts`)).json();
      const muted = body.alerts.filter((a) => a.silencedBy.includes(id)).map((a) => `${a.labels.alertname}@${a.labels.cluster}`);
      return muted.sort().join(',') === 'KubernetesReleaseEOL@prod-eu,KubernetesReleaseEOL@prod-us';
    });
    const body: { alerts: Array<{ labels: Record<string, string>; silencedBy: string[] }> } = await (await fetch(`${app.url}/api/alerts`)).json();
    expect(body.alerts.filter((a) => a.labels.alertname === 'PodCrashLooping' && a.silencedBy.includes(id))).toEqual([]);
  });
});
