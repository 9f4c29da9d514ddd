import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimCluster, type SimCluster } from '../../server/simulator/cluster-server';

/**
 * The simulated API server's answers, byte for byte where a client could
 * care, against what a real kube-apiserver 1.26 answered
 * (test/fixtures/simulator/kube-apiserver-1.26/).
 */
const fixture = (name: string) => readFileSync(new URL(`../fixtures/simulator/kube-apiserver-1.26/${name}`, import.meta.url), 'utf8');
const fixtureJson = (name: string): unknown => JSON.parse(fixture(name));
const httpBody = (name: string) =>
  fixture(name)
    .split(/\r?\n\r?\n/)[1]!
    .trim();

let cluster: SimCluster;

beforeAll(async () => {
  cluster = await startSimCluster({ name: 'api', labels: { region: 'eu-west-1' }, version: 'v1.26.4', nodes: 3, podsPerNode: 2, notReadyNodes: 1 });
  cluster.kube.createEvent({
    namespace: 'payments',
    name: 'api-1.0001',
    involvedObject: { kind: 'Pod', name: 'api-1', namespace: 'payments' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type: 'Warning',
    count: 5,
  });
  cluster.kube.createEvent({
    namespace: 'payments',
    name: 'api-1.0002',
    involvedObject: { kind: 'Pod', name: 'api-1', namespace: 'payments' },
    reason: 'Pulled',
    message: 'Container image pulled',
  });
  cluster.kube.createEvent({
    namespace: 'payments',
    name: 'api-2.0001',
    involvedObject: { kind: 'Pod', name: 'api-2', namespace: 'payments' },
    reason: 'Unhealthy',
    message: 'Readiness probe failed',
    type: 'Warning',
  });
  cluster.kube.createEvent({
    namespace: 'default',
    name: 'node.0001',
    involvedObject: { kind: 'Node', name: 'api-node-000' },
    reason: 'NodeNotReady',
    message: 'Node api-node-000 status is now: NodeNotReady',
    style: 'events.k8s.io',
    reportingController: 'node-controller',
    reportingInstance: 'kube-controller-manager',
  });
  cluster.kube.createEvent({
    namespace: 'kube-system',
    name: 'apiserver.0001',
    involvedObject: { kind: 'Pod', name: 'kube-apiserver', namespace: 'kube-system' },
    reason: 'KubeAPIReadyz',
    message: 'readyz=true',
    type: 'Warning',
  });
});

afterAll(async () => {
  await cluster?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

function get(path: string, options: { token?: string | null; accept?: string } = {}): Promise<Answer> {
  const token = options.token === undefined ? cluster.token : options.token;
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${cluster.apiUrl}${path}`,
      { ca: cluster.caPem, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.accept ? { accept: options.accept } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path} timed out`)));
  });
}

const field = (value: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? Reflect.get(v, k) : undefined), value);
const keysOf = (value: unknown): string[] => (value && typeof value === 'object' ? Object.keys(value).sort() : []);
const items = (value: unknown): unknown[] => {
  const list = field(value, 'items');
  return Array.isArray(list) ? list : [];
};

describe('authentication', () => {
  it('answers a wrong token and a missing one with the Status a real server sends for a bad token', async () => {
    for (const token of ['wrong', null]) {
      const answer = await get('/api/v1/nodes', { token });
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(answer.json()).toEqual(fixtureJson('status-401-bad-token.json'));
    }
  });
});

describe('discovery', () => {
  it('/api and /apis/events.k8s.io/v1 have the recorded shape', async () => {
    expect(keysOf((await get('/api')).json())).toEqual(keysOf(fixtureJson('api.json')));
    const events = (await get('/apis/events.k8s.io/v1')).json();
    const { singularName: _a, ...recorded } = Object(field(fixtureJson('apis-events.k8s.io-v1-resources.json'), 'resources', 0));
    const { singularName: _b, ...served } = Object(field(events, 'resources', 0));
    expect(served).toEqual(recorded);
  });
});

describe('objects', () => {
  it('nodes carry the fields of the recorded Node', async () => {
    const recorded = items(fixtureJson('nodes-list.json'))[0];
    const node = items((await get('/api/v1/nodes')).json())[0];
    expect(keysOf(node)).toEqual(keysOf(recorded));
    for (const part of ['metadata', 'spec', 'status'])
      for (const key of keysOf(field(recorded, part)).filter((k) => k !== 'managedFields' && k !== 'taints')) expect(keysOf(field(node, part))).toContain(key);
    expect(keysOf(field(node, 'status', 'nodeInfo'))).toEqual(keysOf(field(recorded, 'status', 'nodeInfo')));
  });

  it('pods carry the fields of the recorded Pod', async () => {
    const recorded = items(fixtureJson('pods-list.json'))[0];
    const pod = items((await get('/api/v1/pods')).json())[0];
    for (const part of ['metadata', 'spec'])
      for (const key of keysOf(field(recorded, part)).filter((k) => !['managedFields', 'volumes', 'tolerations'].includes(k)))
        expect(keysOf(field(pod, part))).toContain(key);
  });

  it('one stored Event shows in core/v1 and in events.k8s.io/v1 with the recorded fields of each', async () => {
    const core = items((await get('/api/v1/namespaces/default/events?fieldSelector=metadata.name%3Dnode.0001')).json());
    const v1 = items((await get('/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=metadata.name%3Dnode.0001')).json());
    expect(field(core[0], 'metadata', 'uid')).toBe(field(v1[0], 'metadata', 'uid'));
    expect(field(core[0], 'metadata', 'resourceVersion')).toBe(field(v1[0], 'metadata', 'resourceVersion'));
    const recordedCore = items(fixtureJson('events-core-v1-list-page1.json'))[0];
    const recordedV1 = items(fixtureJson('events-events.k8s.io-v1-list.json'))[0];
    expect(keysOf(core[0])).toEqual(keysOf(recordedCore));
    expect(keysOf(v1[0])).toEqual(keysOf(recordedV1));
    expect(field(v1[0], 'regarding', 'name')).toBe('api-node-000');
    expect(field(v1[0], 'note')).toBe('Node api-node-000 status is now: NodeNotReady');
  });
});

describe('lists', () => {
  it('pages with limit and continue, in key order, the token in the API server format', async () => {
    const whole = items((await get('/api/v1/events')).json()).map((e) => field(e, 'metadata', 'name'));
    // Five created here, and the NodeNotReady the simulator recorded for its NotReady node.
    expect(whole).toHaveLength(6);
    const first = (await get('/api/v1/events?limit=2')).json();
    expect(field(first, 'metadata', 'remainingItemCount')).toBe(4);
    const token = String(field(first, 'metadata', 'continue'));
    const recordedToken = String(field(fixtureJson('events-core-v1-list-page1.json'), 'metadata', 'continue'));
    const decode = (t: string): unknown => JSON.parse(Buffer.from(t, 'base64url').toString());
    expect(keysOf(decode(token))).toEqual(keysOf(decode(recordedToken)));
    expect(token).not.toMatch(/=/);
    const second = (await get(`/api/v1/events?limit=2&continue=${token}`)).json();
    const third = (await get(`/api/v1/events?limit=2&continue=${String(field(second, 'metadata', 'continue'))}`)).json();
    expect(field(third, 'metadata', 'continue')).toBeUndefined();
    expect(field(second, 'metadata', 'resourceVersion')).toBe(field(first, 'metadata', 'resourceVersion'));
    expect([first, second, third].flatMap(items).map((e) => field(e, 'metadata', 'name'))).toEqual(whole);
    expect((await get('/api/v1/events?limit=2&continue=notatoken')).status).toBe(400);
  });

  it('filters by fieldSelector and labelSelector, and refuses an unknown field', async () => {
    const names = async (path: string) => items((await get(path)).json()).map((e) => field(e, 'metadata', 'name'));
    expect(await names('/api/v1/namespaces/payments/events?fieldSelector=type%3DWarning')).toEqual(['api-1.0001', 'api-2.0001']);
    expect(await names('/api/v1/events?fieldSelector=involvedObject.name%3Dapi-1,type!%3DWarning')).toEqual(['api-1.0002']);
    expect(await names('/apis/events.k8s.io/v1/events?fieldSelector=regarding.kind%3DNode,regarding.name%3Dapi-node-000,reason%3DNodeNotReady')).toHaveLength(
      2,
    );
    expect(await names('/apis/events.k8s.io/v1/events?fieldSelector=regarding.kind%3DNode,metadata.name%3Dnode.0001')).toEqual(['node.0001']);
    const pod = cluster.model.pods[0]!;
    const selected = items((await get(`/api/v1/pods?labelSelector=${encodeURIComponent(`app in (${pod.labels.app},nothing),pod-template-hash`)}`)).json());
    expect(selected.length).toBe(cluster.model.pods.filter((p) => p.labels.app === pod.labels.app).length);
    expect(
      items((await get('/api/v1/nodes?labelSelector=topology.kubernetes.io%2Fzone%3Deu-west-1b')).json()).map((n) => field(n, 'metadata', 'name')),
    ).toEqual(['api-node-001']);
    const refused = await get('/api/v1/events?fieldSelector=color%3Dred');
    expect(refused.status).toBe(400);
    expect(field(refused.json(), 'message')).toBe('field label not supported: color');
  });

  it('answers 410 Expired to an exact list from a compacted resourceVersion, as recorded', async () => {
    const old = cluster.kube.resourceVersion;
    cluster.kube.createEvent({
      namespace: 'default',
      name: 'compaction.0001',
      involvedObject: { kind: 'Node', name: 'api-node-001' },
      reason: 'Rebooted',
      message: 'Node rebooted',
    });
    cluster.kube.compact();
    const answer = await get(`/api/v1/events?resourceVersion=${old}&resourceVersionMatch=Exact`);
    expect(answer.status).toBe(410);
    expect(answer.json()).toEqual(JSON.parse(httpBody('events-list-410-expired.http')));
  });
});

describe('watches', () => {
  it('streams ADDED, MODIFIED, DELETED like the recorded stream, then BOOKMARK, and ends at timeoutSeconds', async () => {
    const from = cluster.kube.resourceVersion;
    const started = Date.now();
    const pending = get(`/api/v1/namespaces/payments/events?watch=1&resourceVersion=${from}&allowWatchBookmarks=true&timeoutSeconds=1`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    cluster.kube.createEvent({
      namespace: 'payments',
      name: 'watched.1',
      involvedObject: { kind: 'Pod', name: 'api-7', namespace: 'payments' },
      reason: 'Unhealthy',
      message: 'Readiness probe failed',
      type: 'Warning',
    });
    cluster.kube.patchEvent('payments', 'watched.1', { count: 2 });
    cluster.kube.createEvent({
      namespace: 'checkout',
      name: 'elsewhere.1',
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'checkout' },
      reason: 'Pulled',
      message: 'other namespace',
    });
    cluster.kube.deleteEvent('payments', 'watched.1');
    const answer = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(answer.headers['content-type']).toBe('application/json');
    const lines = answer.text
      .trim()
      .split('\n')
      .map((l): unknown => JSON.parse(l));
    expect(lines.map((l) => field(l, 'type'))).toEqual(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);
    const recorded = fixture('events-watch-stream.jsonl')
      .trim()
      .split('\n')
      .map((l): unknown => JSON.parse(l));
    for (const [i, line] of lines.slice(0, 3).entries()) {
      expect(keysOf(field(line, 'object'))).toEqual(keysOf(field(recorded[i], 'object')));
    }
    const versions = lines.map((l) => Number(field(l, 'object', 'metadata', 'resourceVersion')));
    expect(versions[1]).toBeGreaterThan(versions[0]!);
    expect(versions[2]).toBeGreaterThan(versions[1]!);
    expect(field(lines[1], 'object', 'count')).toBe(2);
    expect(field(lines[3], 'object', 'metadata', 'resourceVersion')).toBe(String(cluster.kube.resourceVersion));
  });

  it('answers a watch from a compacted resourceVersion with the recorded ERROR line', async () => {
    const old = cluster.kube.resourceVersion;
    cluster.kube.createEvent({
      namespace: 'default',
      name: 'compaction.0002',
      involvedObject: { kind: 'Node', name: 'api-node-002' },
      reason: 'Rebooted',
      message: 'Node rebooted',
    });
    cluster.kube.compact();
    const answer = await get(`/api/v1/events?watch=1&resourceVersion=${old - 1}`);
    expect(answer.status).toBe(200);
    expect(answer.text.trim()).toBe(httpBody('events-watch-410-expired.http'));
  });
});

describe('tables for kubectl', () => {
  it('answers a nodes Table with the recorded columns', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const table = (await get('/api/v1/nodes', { accept })).json();
    const recorded = fixtureJson('nodes-table.json');
    const columns = (value: unknown) => {
      const list = field(value, 'columnDefinitions');
      return Array.isArray(list) ? list.map((c: unknown) => `${String(field(c, 'name'))}/${String(field(c, 'priority'))}`) : [];
    };
    expect(columns(table)).toEqual(columns(recorded));
    expect(field(table, 'rows', 0, 'object', 'kind')).toBe('PartialObjectMetadata');
    expect(field(table, 'rows', 0, 'cells', 1)).toBe('NotReady');
    expect(field(table, 'rows', 1, 'cells', 1)).toBe('Ready');
  });
});
