import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';

/**
 * A server that answers with what a real kube-apiserver 1.26 answered
 * (test/fixtures/kube-apiserver-1.26/) and does not serve events.k8s.io/v1:
 * fleetscope must fall back to core/v1, resume a watch from the last
 * resourceVersion, and relist on the recorded 410 Expired without announcing
 * an event twice.
 */
const FIXTURES = new URL('../fixtures/kube-apiserver-1.26/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const watchLines = fixture('events-watch-stream.jsonl').trim().split('\n');
const expiredLine = fixture('events-watch-410-expired.http')
  .split(/\r?\n\r?\n/)[1]!
  .trim();

const requests: string[] = [];
let eventWatches = 0;
const open = new Set<http.ServerResponse>();
const fake = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  requests.push(`${url.pathname}${url.search}`);
  const json = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  const watching = url.searchParams.get('watch') === 'true';
  if (url.pathname === '/version') return json(200, fixture('version.json'));
  if (url.pathname === '/apis/events.k8s.io/v1')
    return json(404, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  if (url.pathname === '/api/v1/nodes' && !watching) return json(200, fixture('nodes-list.json'));
  if (url.pathname === '/api/v1/events' && !watching) return json(200, fixture('events-core-v1-list.json'));
  if (watching) {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.pathname === '/api/v1/events') {
      eventWatches++;
      // 1st: the recorded ADDED, MODIFIED, DELETED, then the server ends the watch. 2nd: 410 Expired. Later: stay open.
      if (eventWatches === 1) return res.end(`${watchLines.join('\n')}\n`);
      if (eventWatches === 2) return res.end(`${expiredLine}\n`);
    }
    open.add(res);
    res.on('close', () => open.delete(res));
    return;
  }
  json(404, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
});

let app: Awaited<ReturnType<typeof startTestServer>>;
const announced: FleetEvent[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const { port } = fake.address() as AddressInfo;
  const config = validateConfig({ clusters: [{ name: 'c1', kubernetes: { server: `http://127.0.0.1:${port}`, token: 'not-a-real-token' } }] });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  app = await startTestServer({ config: config.config });
  app.fleet.onEvents((_c, events) => announced.push(...events));
});

afterAll(async () => {
  await app?.close();
  for (const res of open) res.destroy();
  await new Promise((resolve) => fake.close(resolve));
});

describe('an API server without events.k8s.io/v1 (recorded kube-apiserver 1.26 answers)', () => {
  it('falls back to core/v1 events, resumes from the last resourceVersion, relists on 410 without repeats', async () => {
    await waitFor('the relist after 410', () => requests.filter((r) => r.startsWith('/api/v1/events?limit=')).length === 2 && eventWatches >= 3);
    expect(requests.some((r) => r.startsWith('/apis/events.k8s.io/v1/events'))).toBe(false);
    const watches = requests.filter((r) => r.startsWith('/api/v1/events?') && r.includes('watch=true'));
    expect(watches[0]).toContain('resourceVersion=448');
    expect(watches[0]).toContain('allowWatchBookmarks=true');
    // Resumed after the server ended the first watch: from the DELETED line's resourceVersion, not by relisting.
    expect(watches[1]).toContain('resourceVersion=451');
    const records = app.fleet.events('c1');
    expect(records.map((e) => `${e.reason} ${e.count}`).sort()).toEqual(['BackOff 5', 'KubeAPIReadyz 2', 'NodeNotReady 1', 'Unhealthy 2']);
    const keys = announced.map((e) => `${e.id}#${e.count}#${e.lastSeen}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('reads nodes and the control-plane version', async () => {
    const kube = () => app.fleet.snapshot().clusters[0]?.kubernetes;
    await waitFor('nodes', () => kube()?.nodes?.length === 3);
    expect(kube()?.version?.gitVersion).toBe('v1.26.4');
    expect(kube()?.nodes?.map((n) => `${n.name} ${n.ready ? 'Ready' : 'NotReady'} ${n.kubeletVersion}`)).toEqual([
      'ip-10-0-1-11.eu-west-1.compute.internal Ready v1.26.4',
      'ip-10-0-1-12.eu-west-1.compute.internal NotReady v1.26.4',
      'ip-10-0-1-13.eu-west-1.compute.internal Ready v1.23.17',
    ]);
    expect(kube()?.error).toBeNull();
  });
});
