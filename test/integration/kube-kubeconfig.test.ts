import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateConfig } from '../../server/config/load';
import type { SimCluster } from '../../server/simulator/cluster-server';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';

/**
 * One kubeconfig with several contexts, each reaching a simulated API server
 * (HTTPS, bearer tokens) with a different auth kind client-node supports:
 * a token, a token file, an exec credential plugin. Clusters come from the
 * bulk form (glob + rename) and from single-context entries.
 */
let sim: SimFleet;
let app: Awaited<ReturnType<typeof startTestServer>>;
let dir: string;
let tokenFile: string;
let execTokenFile: string;

beforeAll(async () => {
  sim = await startSimFleet(
    ['kk-token', 'kk-file', 'kk-exec'].map((name) => ({ name, labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 1 })),
    { kube: { bookmarkIntervalMs: 500 } },
  );
  const [tokenCluster, fileCluster, execCluster] = sim.clusters as [SimCluster, SimCluster, SimCluster];
  dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-kk-'));
  tokenFile = path.join(dir, 'token');
  writeFileSync(tokenFile, fileCluster.token);
  execTokenFile = path.join(dir, 'exec-token');
  writeFileSync(execTokenFile, execCluster.token);
  // An exec credential plugin as cloud CLIs ship them: prints an ExecCredential with a short-lived token.
  const plugin = path.join(dir, 'credential-plugin.mjs');
  writeFileSync(
    plugin,
    `import { readFileSync } from 'node:fs';\nprocess.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: readFileSync(${JSON.stringify(execTokenFile)}, 'utf8').trim(), expirationTimestamp: new Date(Date.now() + 1000).toISOString() } }));\n`,
  );
  const cluster = (name: string, c: SimCluster, extra: Record<string, unknown> = {}) => ({
    name,
    cluster: { server: c.apiUrl, 'certificate-authority': sim.caFile, ...extra },
  });
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'prod-token',
      clusters: [
        cluster('token', tokenCluster),
        cluster('file', fileCluster),
        cluster('exec', execCluster),
        { name: 'no-ca', cluster: { server: tokenCluster.apiUrl } },
        { name: 'skip-verify', cluster: { server: tokenCluster.apiUrl, 'insecure-skip-tls-verify': true } },
      ],
      users: [
        { name: 'token', user: { token: tokenCluster.token } },
        { name: 'file', user: { 'token-file': tokenFile } },
        {
          name: 'exec',
          user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } },
        },
      ],
      contexts: [
        { name: 'prod-token', context: { cluster: 'token', user: 'token' } },
        { name: 'prod-file', context: { cluster: 'file', user: 'file' } },
        { name: 'prod-exec', context: { cluster: 'exec', user: 'exec' } },
        { name: 'no-ca', context: { cluster: 'no-ca', user: 'token' } },
        { name: 'skip-verify', context: { cluster: 'skip-verify', user: 'token' } },
      ],
    }),
  );
  const config = validateConfig({
    kubeconfigClusters: [{ kubeconfig, contexts: 'prod-*', rename: { 'prod-exec': 'exec-cluster' }, labels: { env: 'prod' }, requestTimeout: '2s' }],
    clusters: [
      { name: 'no-ca', kubernetes: { kubeconfig, context: 'no-ca', requestTimeout: '2s' } },
      { name: 'skip-verify', kubernetes: { kubeconfig, context: 'skip-verify' } },
    ],
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  app = await startTestServer({ config: config.config });
});

afterAll(async () => {
  await app?.close();
  await sim?.close();
});

const kube = (name: string) => app.fleet.snapshot().clusters.find((c) => c.name === name)?.kubernetes;

describe('clusters from a kubeconfig with several contexts and auth kinds', () => {
  it('adds every context matching the glob, renamed where asked, and reaches each with its own credentials', async () => {
    expect(
      app.fleet
        .snapshot()
        .clusters.map((c) => c.name)
        .sort(),
    ).toEqual(['exec-cluster', 'no-ca', 'prod-file', 'prod-token', 'skip-verify']);
    for (const name of ['prod-token', 'prod-file', 'exec-cluster']) {
      await waitFor(`${name} listed`, () => kube(name)?.nodes?.length === 2 && kube(name)?.version?.gitVersion === 'v1.31.2');
      expect(kube(name)?.error).toBeNull();
    }
    expect(app.fleet.snapshot().clusters.find((c) => c.name === 'exec-cluster')?.labels).toEqual({ env: 'prod' });
  });

  it('verifies TLS unless the kubeconfig says otherwise', async () => {
    await waitFor('no-ca refused', () => kube('no-ca')?.error);
    expect(kube('no-ca')?.error).toMatchObject({ kind: 'unreachable', message: expect.stringMatching(/certificate/i) });
    await waitFor('skip-verify listed', () => kube('skip-verify')?.nodes?.length === 2);
    expect(app.logs.some((l) => l.includes('"cluster":"skip-verify"') && l.includes('TLS verification of the API server is off'))).toBe(true);
  });

  it('runs the exec plugin again when its credential expires, so a rotated token is picked up', async () => {
    const exec = sim.clusters[2]!;
    writeFileSync(execTokenFile, exec.rotateToken());
    exec.kube.closeWatches();
    const before = exec.kube.requests.filter((r) => r.status === 200).length;
    exec.kube.createEvent({ namespace: 'default', involvedObject: { kind: 'Pod', name: 'after-rotation' }, reason: 'Started', message: 'Started container' });
    await waitFor('event seen with the new token', () => app.fleet.events('exec-cluster').some((e) => e.involvedObject.name === 'after-rotation'));
    expect(exec.kube.requests.filter((r) => r.status === 200).length).toBeGreaterThan(before);
    // A watch that retried with the still-cached old credential got 401; the next try runs the plugin again.
    await waitFor('exec-cluster reachable', () => kube('exec-cluster')?.error === null);
  });

  it('never lets a credential reach the logs or the API', async () => {
    const secrets = sim.clusters.map((c) => c.token);
    const api = await Promise.all(['/api/clusters', '/api/events', '/metrics'].map(async (p) => (await fetch(`${app.url}${p}`)).text()));
    for (const secret of secrets) {
      expect(app.logs.join('\n')).not.toContain(secret);
      for (const body of api) expect(body).not.toContain(secret);
    }
  });
});
