import https from 'node:https';
import { CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MATCH } from '../../server/config/schema/prometheus';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import type { SimCluster } from '../../server/simulator/cluster-server';
import { parseScenarioFlag } from '../../server/simulator/scenarios/runner';
import { readScrape, type ReadScrapeResult } from '../../server/sources/federate/read-scrape';
import { federateUrl } from '../../server/sources/federate/scrape';
import { waitFor } from '../helpers/server';

/**
 * Scenarios started and stopped through the simulator's loopback admin
 * endpoint, observed the way fleetscope observes a cluster: its /federate
 * and its Kubernetes API through @kubernetes/client-node.
 */
let fleet: SimFleet;
let cluster: SimCluster;
let core: CoreV1Api;
let versionApi: VersionApi;

beforeAll(async () => {
  fleet = await startSimFleet([{ name: 'story', labels: { region: 'eu-west-1' }, version: 'v1.29.4', nodes: 4, podsPerNode: 3 }], {
    admin: { port: 0 },
    scrapeIntervalMs: 1000,
  });
  cluster = fleet.clusters[0]!;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(fleet.kubeconfigPath);
  kubeConfig.setCurrentContext('sim-story');
  core = kubeConfig.makeApiClient(CoreV1Api);
  versionApi = kubeConfig.makeApiClient(VersionApi);
});

afterAll(async () => {
  await fleet?.close();
});

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fleet.adminUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function startScenario(scenario: string, params: Record<string, string | number> = {}, seed = 1): Promise<string> {
  const answer = await admin('POST', '/scenarios', { scenario, cluster: 'story', params, seed });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const id: unknown = Reflect.get(Object(answer.body), 'id');
  if (typeof id !== 'string') throw new Error('no id');
  return id;
}

async function stopScenario(id: string): Promise<void> {
  expect((await admin('DELETE', `/scenarios/${encodeURIComponent(id)}`)).status).toBe(204);
}

/** An exposition body as fleetscope reads one of the cluster's scrapes. */
function readBody(body: Buffer): ReadScrapeResult {
  return readScrape(body, { labelling: { label: 'cluster', cluster: cluster.name, existing: 'keep' } });
}

/** The cluster's federated series of one name as fleetscope's parser reads them. */
async function federated(name: string, match: readonly string[] = DEFAULT_MATCH): Promise<Array<{ labels: Record<string, string>; value: number }>> {
  const read = readBody(Buffer.from(await (await fetch(federateUrl(cluster.federateUrl, match))).arrayBuffer()));
  if (!read.ok) throw new Error(read.message);
  return [...(read.series.get(name) ?? [])];
}

const readyOf = (node: { status?: { conditions?: Array<{ type: string; status: string }> } }) =>
  node.status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe('the admin endpoint', () => {
  it('lists the catalogue and refuses unknown scenarios, clusters and bad bodies with a reason', async () => {
    const list = await admin('GET', '/scenarios');
    expect(list.status).toBe(200);
    const catalog: unknown = Reflect.get(Object(list.body), 'catalog');
    const names = Array.isArray(catalog) ? catalog.map((s: unknown) => Reflect.get(Object(s), 'name')) : [];
    expect(names).toEqual([
      'node-not-ready',
      'crashloop-storm',
      'kubelet-upgrade',
      'blackout',
      'slow',
      'garbage',
      'truncated',
      'token-rotation',
      'forbidden',
      'cost-spike',
      'ambient',
      'backup-stale',
      'argocd-out-of-sync',
      'certificate-expiring',
      'deprecated-api-in-use',
    ]);
    expect(await admin('POST', '/scenarios', { scenario: 'meteor', cluster: 'story' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('unknown scenario "meteor"') },
    });
    expect(await admin('POST', '/scenarios', { scenario: 'blackout', cluster: 'nowhere' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('unknown cluster "nowhere"') },
    });
    expect(await admin('POST', '/scenarios', { scenario: 'slow', cluster: 'story', params: { delayMs: [1] } })).toMatchObject({
      status: 400,
      body: { error: 'params.delayMs must be a string or a number' },
    });
    expect((await admin('DELETE', '/scenarios/none')).status).toBe(404);
  });

  it('parses the demo flag form SCENARIO@CLUSTER:key=value', () => {
    expect(parseScenarioFlag('crashloop-storm@prod-us:pods=5,stepMs=2000')).toEqual({
      ok: true,
      request: { scenario: 'crashloop-storm', cluster: 'prod-us', params: { pods: 5, stepMs: 2000 } },
    });
    expect(parseScenarioFlag('prod-us')).toMatchObject({ ok: false });
  });
});

describe('scenarios', () => {
  it('node-not-ready: the node turns NotReady in the API and in kube-state-metrics, the same node for the same seed, and recovers', async () => {
    const id = await startScenario('node-not-ready', { nodes: 1 }, 7);
    const nodes = (await core.listNode()).items;
    const down = nodes.filter((n) => readyOf(n) !== 'True').map((n) => n.metadata?.name);
    expect(down).toHaveLength(1);
    const condition = await federated('kube_node_status_condition');
    expect(condition.filter((s) => s.labels.condition === 'Ready' && s.labels.status === 'unknown' && s.value === 1).map((s) => s.labels.node)).toEqual(down);
    const up = await federated('up');
    expect(
      up
        .filter((s) => s.value === 0)
        .map((s) => `${s.labels.job} ${s.labels.node}`)
        .sort(),
    ).toEqual([`cilium-agent ${down[0]}`, `kubelet ${down[0]}`, `node-exporter ${down[0]}`]);
    const events = (await core.listEventForAllNamespaces({ fieldSelector: `involvedObject.name=${down[0]},reason=NodeNotReady` })).items;
    expect(events).toHaveLength(1);
    await stopScenario(id);
    expect((await core.listNode()).items.every((n) => readyOf(n) === 'True')).toBe(true);

    const again = await startScenario('node-not-ready', { nodes: 1 }, 7);
    expect((await core.listNode()).items.filter((n) => readyOf(n) !== 'True').map((n) => n.metadata?.name)).toEqual(down);
    await stopScenario(again);
  });

  it('backup-stale, argocd-out-of-sync, certificate-expiring, deprecated-api-in-use: the companions say so on /federate, and recover', async () => {
    const companion = (name: string) => federated(name, [`{__name__="${name}"}`]);
    const backupAge = async () => Math.max(...(await companion('velero_backup_last_successful_timestamp')).map((s) => Date.now() / 1000 - s.value)) / 86_400;
    const outOfSync = async () => (await companion('argocd_app_info')).filter((s) => s.labels.sync_status === 'OutOfSync').map((s) => s.labels.name);
    const expiresInDays = async () =>
      Math.min(...(await companion('certmanager_certificate_expiration_timestamp_seconds')).map((s) => (s.value - Date.now() / 1000) / 86_400));
    expect(await backupAge()).toBeLessThan(1);
    expect(await outOfSync()).toEqual([]);
    expect(await expiresInDays()).toBeGreaterThan(30);
    expect(await companion('apiserver_requested_deprecated_apis')).toEqual([]);

    const ids = [
      await startScenario('backup-stale', { days: 3 }),
      await startScenario('argocd-out-of-sync', { app: 'payments' }),
      await startScenario('certificate-expiring', { days: 5 }),
      await startScenario('deprecated-api-in-use'),
    ];
    expect(await backupAge()).toBeCloseTo(3, 1);
    expect((await companion('velero_backup_failure_total')).some((s) => s.value >= 3)).toBe(true);
    expect(await outOfSync()).toEqual(['payments']);
    expect(await expiresInDays()).toBeCloseTo(5, 1);
    expect((await companion('apiserver_requested_deprecated_apis')).map((s) => s.labels)).toEqual([
      expect.objectContaining({
        job: 'apiserver',
        group: 'flowcontrol.apiserver.k8s.io',
        version: 'v1beta3',
        resource: 'flowschemas',
        removed_release: '1.30',
      }),
    ]);

    for (const id of ids.reverse()) await stopScenario(id);
    expect(await backupAge()).toBeLessThan(1);
    expect(await outOfSync()).toEqual([]);
    expect(await expiresInDays()).toBeGreaterThan(30);
    expect(await companion('apiserver_requested_deprecated_apis')).toEqual([]);
  });

  it('crashloop-storm: pods wait in CrashLoopBackOff, restarts climb, BackOff Warnings repeat with a growing count', async () => {
    const id = await startScenario('crashloop-storm', { pods: 3, stepMs: 150 });
    const events = await waitFor('BackOff events counted 3 times', async () => {
      const list = (await core.listEventForAllNamespaces({ fieldSelector: 'reason=BackOff,type=Warning' })).items;
      return list.length === 3 && list.every((e) => (e.count ?? 0) >= 3) ? list : undefined;
    });
    const waiting = await federated('kube_pod_container_status_waiting_reason');
    expect(
      waiting
        .filter((s) => s.labels.reason === 'CrashLoopBackOff')
        .map((s) => s.labels.pod)
        .sort(),
    ).toEqual(events.map((e) => e.involvedObject.name).sort());
    const restarts = await federated('kube_pod_container_status_restarts_total');
    for (const e of events) expect(restarts.find((s) => s.labels.pod === e.involvedObject.name)!.value).toBeGreaterThanOrEqual(3);
    const pods = (await core.listPodForAllNamespaces()).items.filter((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff');
    expect(pods).toHaveLength(3);
    await stopScenario(id);
    expect((await federated('kube_pod_container_status_waiting_reason')).length).toBe(0);
  });

  it('kubelet-upgrade: the control plane moves first, kubelets follow one by one (skew on the way), stop rolls back', async () => {
    const id = await startScenario('kubelet-upgrade', { stepMs: 300 });
    expect((await versionApi.getCode()).gitVersion).toBe('v1.30.0');
    const buildInfo = await federated('kubernetes_build_info');
    expect(new Set(buildInfo.map((s) => s.labels.git_version))).toEqual(new Set(['v1.30.0']));
    const during = (await core.listNode()).items.map((n) => n.status?.nodeInfo?.kubeletVersion);
    expect(during).toContain('v1.29.4');
    await waitFor('every kubelet on v1.30.0', async () => (await core.listNode()).items.every((n) => n.status?.nodeInfo?.kubeletVersion === 'v1.30.0'));
    expect(new Set((await federated('kube_node_info')).map((s) => s.labels.kubelet_version))).toEqual(new Set(['v1.30.0']));
    await stopScenario(id);
    expect(new Set((await core.listNode()).items.map((n) => n.status?.nodeInfo?.kubeletVersion))).toEqual(new Set(['v1.29.4']));
    expect((await versionApi.getCode()).gitVersion).toBe('v1.29.4');
  });

  it('blackout, slow, garbage and truncated: the failures a client sees, and back to normal after stop', async () => {
    let id = await startScenario('blackout');
    await waitFor('connection refused', () =>
      fetch(cluster.metricsUrl).then(
        () => false,
        (error: Error) => /fetch failed/.test(error.message),
      ),
    );
    await stopScenario(id);
    expect((await fetch(cluster.metricsUrl)).status).toBe(200);

    id = await startScenario('slow', { delayMs: 600 });
    const started = Date.now();
    expect((await fetch(cluster.metricsUrl)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    await stopScenario(id);

    // Only the Kubernetes API slow: Prometheus answers at once.
    id = await startScenario('slow', { delayMs: 800, target: 'kubernetes' });
    const metricsAt = Date.now();
    await fetch(cluster.metricsUrl);
    expect(Date.now() - metricsAt).toBeLessThan(700);
    const apiAt = Date.now();
    await core.listNamespace();
    expect(Date.now() - apiAt).toBeGreaterThanOrEqual(750);
    await stopScenario(id);

    id = await startScenario('garbage');
    const garbage = readBody(Buffer.from(await (await fetch(cluster.metricsUrl)).arrayBuffer()));
    expect(garbage.ok).toBe(false);
    await stopScenario(id);

    id = await startScenario('truncated');
    await expect(fetch(cluster.metricsUrl).then((r) => r.text())).rejects.toThrow();
    // The API's real answer, cut: Content-Length promised, half sent, connection closed.
    // (client-node itself waits forever on such an answer: fleetscope needs its own deadline.)
    const cut = await new Promise<{ promised: number; received: number; complete: boolean }>((resolve, reject) => {
      https
        .get(`${cluster.apiUrl}/api/v1/nodes`, { ca: cluster.caPem, headers: { authorization: `Bearer ${cluster.token}` } }, (res) => {
          let received = 0;
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('error', () => undefined);
          res.on('close', () => resolve({ promised: Number(res.headers['content-length']), received, complete: res.complete }));
        })
        .on('error', reject);
    });
    expect(cut.complete).toBe(false);
    expect(cut.received).toBe(Math.floor(cut.promised / 2));
    await stopScenario(id);
    expect((await core.listNode()).items.length).toBe(4);
    expect(readBody(Buffer.from(await (await fetch(cluster.metricsUrl)).arrayBuffer())).ok).toBe(true);
  });

  it('token-rotation: the configured token gets 401 until the scenario stops', async () => {
    const get = (token: string) =>
      new Promise<number>((resolve, reject) => {
        https
          .get(`${cluster.apiUrl}/api/v1/nodes`, { ca: cluster.caPem, headers: { authorization: `Bearer ${token}` } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
    const configured = cluster.token;
    const id = await startScenario('token-rotation');
    expect(await get(configured)).toBe(401);
    await expect(core.listNode()).rejects.toThrow(/401/);
    await stopScenario(id);
    expect(await get(configured)).toBe(200);
  });

  it('forbidden: the token stays authenticated but lists get the real 403 until the scenario stops; /version stays readable', async () => {
    const id = await startScenario('forbidden');
    // client-node's ApiException carries the HTTP status and the body as the server sent it.
    const statusOf = async (call: Promise<unknown>) => {
      const error: unknown = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 403 });
      const body: unknown = Reflect.get(Object(error), 'body');
      return typeof body === 'string' ? JSON.parse(body) : body;
    };
    expect(await statusOf(core.listNode())).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'nodes is forbidden: User "fleetscope" cannot list resource "nodes" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { kind: 'nodes' },
      code: 403,
    });
    expect(await statusOf(core.listNamespacedPod({ namespace: 'default' }))).toMatchObject({
      message: 'pods is forbidden: User "fleetscope" cannot list resource "pods" in API group "" in the namespace "default"',
      details: { kind: 'pods' },
    });
    expect((await versionApi.getCode()).gitVersion).toBe('v1.29.4');
    await stopScenario(id);
    expect((await core.listNode()).items.length).toBe(4);
  });

  it('cost-spike: new large nodes full of big pods join, and leave again on stop', async () => {
    const cpuRequested = async () =>
      (await federated('kube_pod_container_resource_requests')).filter((s) => s.labels.resource === 'cpu').reduce((sum, s) => sum + s.value, 0);
    const before = { nodes: (await core.listNode()).items.length, cpu: await cpuRequested() };
    const id = await startScenario('cost-spike', { nodes: 2, podsPerNode: 3 });
    const nodes = (await core.listNode()).items;
    expect(nodes.length).toBe(before.nodes + 2);
    expect(nodes.filter((n) => n.metadata?.labels?.['node.kubernetes.io/instance-type'] === 'm5.4xlarge')).toHaveLength(2);
    expect(await cpuRequested()).toBeCloseTo(before.cpu + 2 * 3 * 2, 5);
    const scaled = (await core.listEventForAllNamespaces({ fieldSelector: 'reason=ScalingReplicaSet' })).items;
    expect(scaled.map((e) => e.message)).toEqual(['Scaled up replica set checkout-api to 6']);
    await stopScenario(id);
    expect((await core.listNode()).items.length).toBe(before.nodes);
    expect(await cpuRequested()).toBeCloseTo(before.cpu, 5);
  });

  it('ambient: events keep coming and the oldest expire, bounded', async () => {
    const before = cluster.kube.emitted.length;
    const id = await startScenario('ambient', { stepMs: 100, keepEvents: 3 });
    await waitFor('six ambient events', () => cluster.kube.emitted.slice(before).filter((c) => c.resource === 'events' && c.type === 'ADDED').length >= 6);
    await stopScenario(id);
    const reasons = new Set(
      cluster.kube.emitted
        .slice(before)
        .filter((c) => c.resource === 'events' && c.type === 'ADDED')
        .map((c) => String(c.object.reason)),
    );
    expect([...reasons].every((r) => r === 'Pulled' || r === 'Unhealthy')).toBe(true);
    expect((await core.listEventForAllNamespaces()).items.length).toBeLessThanOrEqual(3);
  });
});
