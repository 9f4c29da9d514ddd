import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetHealth } from '../../shared/health';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';
import { kubeEvent, LIST_RESOURCE_VERSION, startFakeKubeApi, type FakeKubeApi } from './fake-kube-api';

/**
 * Three API servers of our own, watched by one fleetscope: `gone` answers
 * every watch with 410 (the events watch with a 410 ERROR line, as
 * kube-apiserver does; the node watch with an HTTP 410), `garbled` puts
 * malformed lines between good events, `calm` behaves. What a user sees:
 * /api/clusters, the health reasons, /metrics.
 */
let gone: FakeKubeApi;
let garbled: FakeKubeApi;
let calm: FakeKubeApi;
let app: Awaited<ReturnType<typeof startTestServer>>;
let startedAt = 0;
const calmWatches = new Set<http.ServerResponse>();

/** The events the garbled server streams, in order; a bad line is sent once (a transient corruption), a good one whenever a watch starts before it. */
const GARBLED_STREAM: Array<{ rv: string; line: string } | { bad: string; sent: boolean }> = [
  { rv: '11', line: JSON.stringify({ type: 'ADDED', object: kubeEvent('first', '11') }) },
  { bad: 'this is not json', sent: false },
  { rv: '12', line: JSON.stringify({ type: 'ADDED', object: kubeEvent('second', '12') }) },
  { bad: JSON.stringify({ kind: 'Event', metadata: { resourceVersion: '99' } }), sent: false },
  { rv: '13', line: JSON.stringify({ type: 'ADDED', object: kubeEvent('third', '13') }) },
];

beforeAll(async () => {
  gone = await startFakeKubeApi((resource, _req, res) => {
    const expired = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: 10 (3000)', reason: 'Expired', code: 410 };
    if (resource === 'events') res.writeHead(200, { 'content-type': 'application/json' }).end(`${JSON.stringify({ type: 'ERROR', object: expired })}\n`);
    else res.writeHead(410, { 'content-type': 'application/json' }).end(JSON.stringify({ ...expired, message: 'resourceVersion expired' }));
  });
  garbled = await startFakeKubeApi((resource, req, res) => {
    // Like kube-apiserver, the headers go out at once; lines follow as they come.
    res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
    if (resource !== 'events') return;
    const from = req.resourceVersion === LIST_RESOURCE_VERSION ? 0 : GARBLED_STREAM.findIndex((e) => 'rv' in e && e.rv === req.resourceVersion) + 1;
    // Good lines up to the next bad one not sent yet; past a bad line a client stops reading.
    for (const entry of GARBLED_STREAM.slice(from)) {
      if ('rv' in entry) res.write(`${entry.line}\n`);
      else if (!entry.sent) {
        entry.sent = true;
        res.write(`${entry.bad}\n`);
        break;
      }
    }
  });
  calm = await startFakeKubeApi((resource, _req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
    if (resource === 'events') calmWatches.add(res);
    res.on('close', () => calmWatches.delete(res));
  });
  const cluster = (name: string, api: FakeKubeApi) => ({ name, kubernetes: { server: api.url, token: 'not-a-real-token', requestTimeout: '2s' } });
  const config = validateConfig({ clusters: [cluster('gone', gone), cluster('garbled', garbled), cluster('calm', calm)] });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  startedAt = Date.now();
  app = await startTestServer({ config: config.config });
});

afterAll(async () => {
  await app?.close();
  await Promise.all([gone, garbled, calm].map((api) => api?.close()));
});

async function health(): Promise<FleetHealth> {
  const response = await fetch(`${app.url}/api/clusters`);
  return (await response.json()) as FleetHealth;
}
const clusterOf = (report: FleetHealth, name: string) => report.clusters.find((c) => c.cluster === name);

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : NaN;
}

describe('a watch stream with malformed lines', () => {
  it('delivers the good events, shows bad_response naming the line, resumes from the last good resourceVersion, and counts the lines', async () => {
    const errors = new Set<string>();
    await waitFor(
      'the third event, after two bad lines',
      async () => {
        const error = clusterOf(await health(), 'garbled')?.kubernetes.error;
        if (error) errors.add(`${error.kind} ${error.message}`);
        return app.fleet.events('garbled').some((e) => e.involvedObject.name === 'third');
      },
      15_000,
    );
    expect(
      app.fleet
        .events('garbled')
        .map((e) => e.involvedObject.name)
        .sort(),
    ).toEqual(['first', 'second', 'third']);
    expect([...errors]).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bad_response events: WATCH \/api\/v1\/events: line 2 is not JSON: Unexpected token/),
        'bad_response events: WATCH /api/v1/events: line 2 is not a watch event (no type)',
      ]),
    );
    // Each restart resumes from the last good line's resourceVersion; nothing is listed again.
    expect(garbled.watches('events').map((w) => w.resourceVersion)).toEqual([LIST_RESOURCE_VERSION, '11', '12']);
    expect(garbled.lists('events')).toBe(1);
    expect(await metric('fleetscope_kube_watch_bad_lines_total', 'cluster="garbled",resource="events"')).toBe(2);
    expect(await metric('fleetscope_source_failures_total', 'cluster="garbled",source="kubernetes",kind="bad_response"')).toBe(2);
    await waitFor('garbled healthy again', async () => clusterOf(await health(), 'garbled')?.kubernetes.error === null);
  });
});

describe('an API server that answers 410 to every watch', () => {
  it('is relisted within the back-off, shown relisting with a count and a reason, while the other clusters stay fresh', async () => {
    // The calm cluster's events arrive at once all along.
    for (let i = 0; Date.now() - startedAt < 10_000; i++) {
      const sentAt = Date.now();
      for (const res of calmWatches) res.write(`${JSON.stringify({ type: 'ADDED', object: kubeEvent(`calm-${i}`, String(100 + i)) })}\n`);
      await waitFor(`calm event ${i}`, () => app.fleet.events('calm').some((e) => e.involvedObject.name === `calm-${i}`), 1500);
      expect(Date.now() - sentAt).toBeLessThan(1500);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Over 10 s: without back-off about 260 lists per resource; with it 0.8 s, 1.6 s, 3.2 s … apart.
    for (const resource of ['events', 'nodes'] as const) {
      expect(gone.lists(resource)).toBeGreaterThanOrEqual(3);
      expect(gone.lists(resource)).toBeLessThanOrEqual(6);
    }
    const report = await health();
    const cluster = clusterOf(report, 'gone');
    expect(cluster?.status).toBe('degraded');
    expect(cluster?.kubernetes.error).toBeNull();
    expect(cluster?.kubernetes.relisting).toEqual({
      resource: expect.stringMatching(/^(events|nodes)$/),
      count: expect.any(Number),
      since: expect.any(Number),
      reason: '410 Gone',
    });
    expect(cluster?.kubernetes.relisting?.count).toBeGreaterThanOrEqual(2);
    const reason = cluster?.reasons.find((r) => r.rule === 'kubernetes_relisting');
    expect(reason?.severity).toBe('warning');
    expect(reason?.message).toMatch(/^Kubernetes API (events|nodes) watch relisting: \d+ relists in \d+s \(410 Gone\)$/);
    expect(await metric('fleetscope_kube_relists_total', 'cluster="gone",resource="events"')).toBe(gone.lists('events') - 1);
    for (const name of ['calm', 'garbled']) {
      expect(clusterOf(report, name)?.status).toBe('healthy');
      expect(clusterOf(report, name)?.kubernetes.relisting).toBeUndefined();
    }
  }, 30_000);
});
