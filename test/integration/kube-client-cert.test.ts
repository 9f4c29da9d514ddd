import { execFile } from 'node:child_process';
import https from 'node:https';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateConfig } from '../../server/config/load';
import type { SimCluster } from '../../server/simulator/cluster-server';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { createSimTls, issueClientCert, type ClientCert } from '../../server/simulator/tls';
import { startTestServer, waitFor } from '../helpers/server';

/**
 * Client-certificate auth and RBAC denial, end to end: a kubeconfig whose
 * users carry client certificates (inline data, and relative file paths)
 * signed by the simulated clusters' CA; one signed by another CA; one
 * cluster whose token authenticates but is forbidden. fleetscope's
 * Kubernetes source (real @kubernetes/client-node) and real kubectl read it.
 */
const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const KUBECTL_OLD = '/usr/lib/google-cloud-sdk/bin/kubectl.1.27';
const run = promisify(execFile);

let sim: SimFleet;
let app: Awaited<ReturnType<typeof startTestServer>>;
let dir: string;
let kubeconfig: string;
let alice: ClientCert;
let bob: ClientCert;
let mallory: ClientCert;

const spec = (name: string) => ({ name, labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 1 });
const clusterOf = (name: string): SimCluster => sim.clusters.find((c) => c.name === name)!;
const b64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  sim = await startSimFleet(['cc-data', 'cc-files', 'cc-foreign', 'cc-forbidden'].map(spec), { kube: { bookmarkIntervalMs: 500 } });
  dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-cc-'));
  alice = clusterOf('cc-data').issueClientCert('alice', ['sre', 'oncall']);
  bob = clusterOf('cc-files').issueClientCert('bob');
  // Same subject a real user might have, but signed by a CA the clusters do not trust.
  mallory = issueClientCert(createSimTls(), 'alice', ['system:masters']);
  mkdirSync(path.join(dir, 'certs'));
  writeFileSync(path.join(dir, 'certs', 'bob.crt'), bob.certPem);
  writeFileSync(path.join(dir, 'certs', 'bob.key'), bob.keyPem, { mode: 0o600 });
  clusterOf('cc-forbidden').setForbidden([clusterOf('cc-forbidden').tokenUser]);

  const cluster = (c: SimCluster) => ({ name: c.name, cluster: { server: c.apiUrl, 'certificate-authority-data': b64(c.caPem) } });
  kubeconfig = path.join(dir, 'config');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'cert-data',
      clusters: sim.clusters.map(cluster),
      users: [
        { name: 'alice', user: { 'client-certificate-data': b64(alice.certPem), 'client-key-data': b64(alice.keyPem) } },
        // Relative paths: relative to the kubeconfig file, as kubectl reads them.
        { name: 'bob', user: { 'client-certificate': 'certs/bob.crt', 'client-key': 'certs/bob.key' } },
        { name: 'mallory', user: { 'client-certificate-data': b64(mallory.certPem), 'client-key-data': b64(mallory.keyPem) } },
        { name: 'fleetscope', user: { token: clusterOf('cc-forbidden').token } },
      ],
      contexts: [
        { name: 'cert-data', context: { cluster: 'cc-data', user: 'alice' } },
        { name: 'cert-files', context: { cluster: 'cc-files', user: 'bob' } },
        { name: 'cert-foreign', context: { cluster: 'cc-foreign', user: 'mallory' } },
        { name: 'forbidden', context: { cluster: 'cc-forbidden', user: 'fleetscope' } },
      ],
    }),
    { mode: 0o600 },
  );
  const config = validateConfig({
    clusters: ['cert-data', 'cert-files', 'cert-foreign', 'forbidden'].map((context) => ({
      name: context,
      kubernetes: { kubeconfig, context, requestTimeout: '2s' },
    })),
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  app = await startTestServer({ config: config.config });
});

afterAll(async () => {
  await app?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const kube = (name: string) => app.fleet.snapshot().clusters.find((c) => c.name === name)?.kubernetes;
const kubectl = (context: string, ...args: string[]) => kubectlOf(KUBECTL, context, ...args);
const kubectlOf = (binary: string, context: string, ...args: string[]) =>
  run(binary, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'kube-cache'), '--context', context, ...args], { timeout: 20_000 });

describe('client certificates signed by the cluster CA', () => {
  it('fleetscope lists and watches nodes and events with a certificate given as data or as relative file paths', async () => {
    for (const [name, user] of [
      ['cert-data', 'alice'],
      ['cert-files', 'bob'],
    ] as const) {
      await waitFor(`${name} listed`, () => kube(name)?.nodes?.length === 2 && kube(name)?.version?.gitVersion === 'v1.31.2');
      expect(kube(name)?.error).toBeNull();
      const sim = clusterOf(name === 'cert-data' ? 'cc-data' : 'cc-files');
      // The API server saw the certificate's CN: no token was involved.
      const ok = sim.kube.requests.filter((r) => r.status === 200);
      expect(ok.some((r) => r.watch && r.url.startsWith('/api/v1/nodes'))).toBe(true);
      expect(ok.every((r) => r.user === user)).toBe(true);
      sim.kube.createEvent({ namespace: 'default', involvedObject: { kind: 'Pod', name: `${user}-pod` }, reason: 'Started', message: 'Started container app' });
      await waitFor(`${name} event watched`, () => app.fleet.events(name).some((e) => e.involvedObject.name === `${user}-pod` && e.reason === 'Started'));
    }
  });

  it('fleetscope shows a certificate from another CA as unauthorized', async () => {
    const error = await waitFor('cert-foreign refused', () => kube('cert-foreign')?.error ?? undefined);
    expect(error).toMatchObject({ kind: 'unauthorized', message: expect.stringContaining('HTTP 401') });
    expect(kube('cert-foreign')?.nodes ?? []).toEqual([]);
    expect(
      clusterOf('cc-foreign')
        .kube.requests.filter((r) => r.url !== '/healthz')
        .every((r) => r.status === 401 && r.user === null),
    ).toBe(true);
  });

  it('kubectl get nodes works with the certificate context and is refused with the foreign one', async () => {
    const { stdout } = await kubectl('cert-data', 'get', 'nodes', '-o', 'name');
    expect(stdout.trim().split('\n')).toEqual(clusterOf('cc-data').model.nodes.map((n) => `node/${n.name}`));
    const files = await kubectl('cert-files', 'get', 'nodes', '-o', 'name');
    expect(files.stdout.trim().split('\n')).toHaveLength(2);
    const old = await kubectlOf(KUBECTL_OLD, 'cert-data', 'get', 'nodes', '-o', 'name');
    expect(old.stdout).toBe(stdout);
    await expect(kubectl('cert-foreign', 'get', 'nodes')).rejects.toMatchObject({
      stderr: expect.stringContaining('error: You must be logged in to the server'),
    });
  });

  it("the fleet's certificate kubeconfig (kubernetes-admin, system:masters) works with kubectl", async () => {
    const { stdout } = await run(
      KUBECTL,
      ['--kubeconfig', sim.certKubeconfigPath, '--cache-dir', path.join(dir, 'kube-cache'), '--context', 'sim-cc-foreign', 'get', 'nodes', '-o', 'name'],
      { timeout: 20_000 },
    );
    expect(stdout.trim().split('\n')).toEqual(clusterOf('cc-foreign').model.nodes.map((n) => `node/${n.name}`));
    expect(clusterOf('cc-foreign').kube.requests.some((r) => r.status === 200 && r.url.startsWith('/api/v1/nodes') && r.user === 'kubernetes-admin')).toBe(
      true,
    );
  });

  it('decides like kube-apiserver when a certificate and a token come together: a verified certificate wins, a foreign one leaves it to the token', async () => {
    const c = clusterOf('cc-foreign');
    // fleetscope keeps retrying this cluster too: each probe is told apart by its own query.
    let probe = 0;
    const logged = () => c.kube.requests.find((r) => r.url === `/api/v1/namespaces?limit=${probe}`);
    const get = (cert: ClientCert, token: string) =>
      new Promise<number>((resolve, reject) => {
        https
          .get(
            `${c.apiUrl}/api/v1/namespaces?limit=${++probe}`,
            { ca: c.caPem, cert: cert.certPem, key: cert.keyPem, headers: { authorization: `Bearer ${token}` } },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          )
          .on('error', reject);
      });
    expect(await get(alice, 'not-the-token')).toBe(200);
    expect(logged()).toMatchObject({ status: 200, user: 'alice' });
    expect(await get(mallory, c.token)).toBe(200);
    expect(logged()).toMatchObject({ status: 200, user: c.tokenUser });
    expect(await get(mallory, 'not-the-token')).toBe(401);
  });

  it('never lets a private key reach the logs or the API', async () => {
    const keyBody = (pem: string) => pem.split('\n')[1]!;
    const api = await Promise.all(['/api/clusters', '/api/events', '/metrics'].map(async (p) => (await fetch(`${app.url}${p}`)).text()));
    for (const key of [alice.keyPem, bob.keyPem, b64(alice.keyPem)]) {
      expect(app.logs.join('\n')).not.toContain(keyBody(key));
      for (const body of api) expect(body).not.toContain(keyBody(key));
    }
  });
});

describe('a token that authenticates but is forbidden (RBAC without a binding)', () => {
  it('fleetscope shows the Kubernetes source as forbidden, with since, while the other clusters keep working', async () => {
    const error = await waitFor('forbidden seen', () => (kube('forbidden')?.error?.kind === 'forbidden' ? kube('forbidden')!.error! : undefined));
    // The message is the first failing part's (nodes or events), with the server's own words.
    expect(error.message).toMatch(
      /^(nodes: GET \/api\/v1\/nodes\?limit=500: HTTP 403: nodes is forbidden: User "fleetscope" cannot list resource "nodes" in API group "" at the cluster scope|events: GET \/apis\/events\.k8s\.io\/v1\/events\?limit=500: HTTP 403: events\.events\.k8s\.io is forbidden: User "fleetscope" cannot list resource "events" in API group "events\.k8s\.io" at the cluster scope)$/,
    );
    const refused = clusterOf('cc-forbidden').kube.requests.filter((r) => r.status === 403);
    expect(refused.some((r) => r.url.startsWith('/api/v1/nodes?') && r.user === 'fleetscope')).toBe(true);
    expect(error.since).toBeGreaterThan(Date.now() - 60_000);
    expect(error.since).toBeLessThanOrEqual(Date.now());
    // /version stays readable to every authenticated user, as on a real server.
    await waitFor('forbidden version', () => kube('forbidden')?.version?.gitVersion === 'v1.31.2');

    // Meanwhile another cluster's watch goes on.
    clusterOf('cc-data').kube.createEvent({
      namespace: 'default',
      involvedObject: { kind: 'Pod', name: 'during-forbidden' },
      reason: 'Pulled',
      message: 'pulled',
    });
    await waitFor('cert-data event', () => app.fleet.events('cert-data').some((e) => e.involvedObject.name === 'during-forbidden'));
    expect(kube('cert-data')?.error).toBeNull();
    // The run of failures keeps its start.
    expect(kube('forbidden')?.error?.since).toBe(error.since);
  });

  it('kubectl prints the real server message', async () => {
    await expect(kubectl('forbidden', 'get', 'nodes')).rejects.toMatchObject({
      stderr: expect.stringContaining(
        'Error from server (Forbidden): nodes is forbidden: User "fleetscope" cannot list resource "nodes" in API group "" at the cluster scope',
      ),
    });
  });

  it('forbids a certificate user too, mid-run (the forbidden scenario ends open watches), and lifts it on stop', async () => {
    const started = sim.scenarios.start({ scenario: 'forbidden', cluster: 'cc-files', params: { user: 'bob' } });
    if (!started.ok) throw new Error(started.message);
    // The refused watch, and the relist that follows, bring the server's words.
    const error = await waitFor('cert-files forbidden, with the message', () =>
      kube('cert-files')?.error?.message.includes('is forbidden') ? kube('cert-files')!.error! : undefined,
    );
    expect(error.kind).toBe('forbidden');
    expect(error.message).toMatch(
      /^(nodes|events): (GET|WATCH) .*HTTP 403: .* is forbidden: User "bob" cannot (list|watch) resource "(nodes|events)" in API group "(|events\.k8s\.io)" at the cluster scope$/,
    );
    expect(kube('cert-data')?.error).toBeNull();
    await sim.scenarios.stop(started.running.id);
    await waitFor('cert-files back', () => kube('cert-files')?.error === null, 45_000);
  }, 60_000);

  it('recovers once the user is allowed again', async () => {
    const forbidden = clusterOf('cc-forbidden');
    forbidden.setForbidden([]);
    await waitFor('forbidden cluster listed', () => kube('forbidden')?.nodes?.length === 2 && kube('forbidden')?.error === null, 45_000);
  }, 60_000);
});
