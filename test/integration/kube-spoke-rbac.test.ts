import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { validateConfig } from '../../server/config/load';
import { SIM_PROMETHEUS_SERVICE, type SimCluster } from '../../server/simulator/cluster-server';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { readKustomizationObjects, readRbacPolicy } from '../../server/simulator/kube/rbac-files';
import { startTestServer, waitFor } from '../helpers/server';

/**
 * The spoke's least privilege (deploy/spoke) is enough and no more: the
 * simulated API servers authorize with the very files, the hub's token being
 * the spoke's ServiceAccount. fleetscope's Kubernetes sources (nodes, both
 * event APIs, /version) and the service-proxy federation and queries work
 * with no 403; real kubectl with the same identity is refused everything else.
 */
const SPOKE = fileURLToPath(new URL('../../deploy/spoke', import.meta.url));
const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const HUB = 'system:serviceaccount:fleetscope:fleetscope-hub';
const run = promisify(execFile);
const rbac = { policy: readRbacPolicy(SPOKE), tokenServiceAccount: { namespace: 'fleetscope', name: 'fleetscope-hub' } };

let current: SimFleet;
let old: SimFleet;
let app: Awaited<ReturnType<typeof startTestServer>>;
const clusters = () => [...current.clusters, ...old.clusters];
const kube = (name: string) => app.fleet.cluster(name)?.kubernetes;

beforeAll(async () => {
  current = await startSimFleet([{ name: 'rb-new', labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 1 }], { rbac });
  // A cluster without events.k8s.io/v1: fleetscope watches core/v1 events there.
  old = await startSimFleet([{ name: 'rb-old', labels: {}, version: 'v1.18.20', nodes: 1, podsPerNode: 1 }], { rbac, kube: { eventsV1: false } });
  const { namespace, name, port } = SIM_PROMETHEUS_SERVICE;
  // The bulk form, as for fifty spokes: every context, one Prometheus Service through each API server.
  const config = validateConfig({
    kubeconfigClusters: [
      {
        kubeconfig: [current.kubeconfigPath, old.kubeconfigPath],
        contexts: 'sim-rb-*',
        rename: { 'sim-rb-new': 'rb-new', 'sim-rb-old': 'rb-old' },
        prometheus: { service: { namespace, name, port }, interval: '2s', timeout: '2s' },
      },
    ],
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  app = await startTestServer({ config: config.config });
});

afterAll(async () => {
  await app?.close();
  await current?.close();
  await old?.close();
});

describe('fleetscope through the spoke role', () => {
  it('watches nodes and events on both event APIs, reads /version and federates through the service proxy, with no 403', async () => {
    for (const sim of clusters()) {
      // A refusal shows as the source's error: fail on it at once rather than time out.
      await waitFor(`${sim.name} read`, () => (kube(sim.name)?.nodes?.length === sim.model.nodes.length && kube(sim.name)?.version) || kube(sim.name)?.error);
      expect(kube(sim.name)?.error).toBeNull();
      expect(kube(sim.name)?.version?.gitVersion).toBe(sim.model.spec.version);
      sim.kube.createEvent({
        namespace: 'default',
        involvedObject: { kind: 'Pod', name: `${sim.name}-pod` },
        reason: 'Started',
        message: 'Started container app',
      });
      await waitFor(`${sim.name} event watched`, () => app.fleet.events(sim.name).some((e) => e.involvedObject.name === `${sim.name}-pod`));
      await waitFor(`${sim.name} federated`, () => app.fleet.cluster(sim.name)?.prometheus?.lastSuccess ?? app.fleet.cluster(sim.name)?.prometheus?.error);
      expect(app.fleet.cluster(sim.name)?.prometheus?.error).toBeNull();
      expect(kube(sim.name)?.error).toBeNull();
    }
    const query = await fetch(`${app.url}/api/v1/query?query=${encodeURIComponent('count(kube_node_info)')}`);
    const answer = (await query.json()) as {
      status: string;
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      warnings?: string[];
    };
    expect(query.status).toBe(200);
    expect(answer.warnings ?? []).toEqual([]);
    expect(Object.fromEntries(answer.data.result.map((r) => [r.metric.cluster, r.value[1]]))).toEqual({ 'rb-new': '2', 'rb-old': '1' });

    const asked = (sim: SimCluster) => new Set(sim.kube.requests.map((r) => `${r.watch ? 'watch ' : ''}${r.url.replace(/\?.*/, '')}`));
    const proxy = `/api/v1/namespaces/monitoring/services/prometheus-k8s:web/proxy`;
    expect([...asked(current.clusters[0]!)].sort()).toEqual(
      [
        '/apis/events.k8s.io/v1',
        '/apis/events.k8s.io/v1/events',
        'watch /apis/events.k8s.io/v1/events',
        '/api/v1/nodes',
        'watch /api/v1/nodes',
        '/version',
        `${proxy}/federate`,
        `${proxy}/api/v1/query`,
      ].sort(),
    );
    expect(asked(old.clusters[0]!)).toEqual(
      new Set([
        '/apis/events.k8s.io/v1',
        '/api/v1/events',
        'watch /api/v1/events',
        '/api/v1/nodes',
        'watch /api/v1/nodes',
        '/version',
        `${proxy}/federate`,
        `${proxy}/api/v1/query`,
      ]),
    );
    for (const sim of clusters()) {
      expect(sim.kube.requests.filter((r) => r.status === 403)).toEqual([]);
      expect(sim.kube.requests.every((r) => r.user === HUB)).toBe(true);
    }
  });
});

describe('kubectl with the hub identity', () => {
  const kubectl = (...args: string[]) =>
    run(KUBECTL, ['--kubeconfig', current.kubeconfigPath, '--cache-dir', path.join(current.dir, 'kube-cache'), '--context', 'sim-rb-new', ...args], {
      timeout: 20_000,
    });
  const refusal = async (...args: string[]) => {
    const failed = await kubectl(...args).then(
      () => null,
      (error: unknown) => (error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error)),
    );
    if (failed === null) throw new Error(`kubectl ${args.join(' ')} was allowed`);
    return failed.trim();
  };

  it('gets nodes, the version and the Prometheus federation', async () => {
    expect((await kubectl('get', 'nodes', '-o', 'name')).stdout.trim().split('\n')).toEqual(['node/rb-new-node-000', 'node/rb-new-node-001']);
    expect(JSON.parse((await kubectl('get', '--raw', '/version')).stdout)).toMatchObject({ gitVersion: 'v1.31.2' });
    const federate = await kubectl('get', '--raw', '/api/v1/namespaces/monitoring/services/prometheus-k8s:web/proxy/federate?match[]=kube_node_info');
    expect(federate.stdout).toContain('kube_node_info{');
  });

  it('is refused secrets, pods, deleting a node, any other proxy and other paths, with the real Forbidden message', async () => {
    expect(await refusal('get', 'secrets', '-A')).toBe(
      `Error from server (Forbidden): secrets is forbidden: User "${HUB}" cannot list resource "secrets" in API group "" at the cluster scope`,
    );
    expect(await refusal('get', 'pods')).toBe(
      `Error from server (Forbidden): pods is forbidden: User "${HUB}" cannot list resource "pods" in API group "" in the namespace "default"`,
    );
    expect(await refusal('delete', 'node', 'rb-new-node-000')).toBe(
      `Error from server (Forbidden): nodes "rb-new-node-000" is forbidden: User "${HUB}" cannot delete resource "nodes" in API group "" at the cluster scope`,
    );
    expect(await refusal('get', 'node', 'rb-new-node-000')).toBe(
      `Error from server (Forbidden): nodes "rb-new-node-000" is forbidden: User "${HUB}" cannot get resource "nodes" in API group "" at the cluster scope`,
    );
    expect(await refusal('get', '--raw', '/api/v1/namespaces/monitoring/services/grafana:http/proxy/')).toBe(
      `Error from server (Forbidden): services "grafana:http" is forbidden: User "${HUB}" cannot get resource "services/proxy" in API group "" in the namespace "monitoring"`,
    );
    // The same Service name elsewhere, or the same Service by another port: the RoleBinding and resourceNames hold.
    expect(await refusal('get', '--raw', '/api/v1/namespaces/default/services/prometheus-k8s:web/proxy/federate')).toContain(
      `cannot get resource "services/proxy" in API group "" in the namespace "default"`,
    );
    expect(await refusal('get', '--raw', '/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy/federate')).toContain(
      `services "prometheus-k8s:9090" is forbidden`,
    );
    expect(await refusal('get', '--raw', '/metrics')).toBe(`Error from server (Forbidden): forbidden: User "${HUB}" cannot get path "/metrics"`);
  });
});

describe('deploy/spoke', () => {
  it('is read as kustomize renders it', async () => {
    const rendered = parseAllDocuments((await run(KUBECTL, ['kustomize', SPOKE])).stdout).map((d): unknown => d.toJS());
    const key = (o: unknown) => JSON.stringify(o && typeof o === 'object' ? [Reflect.get(o, 'kind'), Reflect.get(o, 'metadata')] : o);
    const sorted = (objects: unknown[]) => [...objects].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(readKustomizationObjects(SPOKE))).toEqual(sorted(rendered));
  });
});
