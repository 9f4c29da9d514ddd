import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateConfig } from '../../server/config/load';
import type { SimCluster } from '../../server/simulator/cluster-server';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';

/**
 * The kubeconfig `auth-provider` kind, end to end: users with
 * `auth-provider: {name: oidc, config: {id-token, idp-issuer-url, client-id}}`
 * holding ID tokens minted by the simulated clusters' OIDC issuer. A valid
 * one, an expired one without a refresh token, an expired one whose refresh
 * cannot reach the issuer, and one of another issuer. fleetscope's
 * Kubernetes source (real @kubernetes/client-node, its OpenIDConnectAuth)
 * and real kubectl read it.
 */
const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const run = promisify(execFile);

let sim: SimFleet;
let app: Awaited<ReturnType<typeof startTestServer>>;
let dir: string;
let kubeconfig: string;
const secrets: string[] = [];
let shortToken = '';

const NAMES = ['oidc-ok', 'oidc-expired', 'oidc-refresh', 'oidc-foreign', 'oidc-short'] as const;
/** Lifetime of oidc-short's ID token: it expires while fleetscope runs. */
const SHORT_S = 10;
const spec = (name: string) => ({ name, labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 1 });
const clusterOf = (name: string): SimCluster => sim.clusters.find((c) => c.name === name)!;
const b64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  sim = await startSimFleet(NAMES.map(spec), { kube: { bookmarkIntervalMs: 500 } });
  dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-oidc-'));
  const oidc = (c: SimCluster, idToken: string, extra: Record<string, string> = {}) => {
    secrets.push(idToken, ...Object.values(extra));
    return { 'auth-provider': { name: 'oidc', config: { 'id-token': idToken, 'idp-issuer-url': c.oidcIssuer, 'client-id': c.oidcClientId, ...extra } } };
  };
  const ok = clusterOf('oidc-ok');
  const expired = clusterOf('oidc-expired');
  const refresh = clusterOf('oidc-refresh');
  const foreign = clusterOf('oidc-foreign');
  const short = clusterOf('oidc-short');
  shortToken = short.issueOidcToken('grace', { expiresInS: SHORT_S });
  kubeconfig = path.join(dir, 'config');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'oidc-ok',
      clusters: sim.clusters.map((c) => ({ name: c.name, cluster: { server: c.apiUrl, 'certificate-authority-data': b64(c.caPem) } })),
      users: [
        { name: 'carol', user: oidc(ok, ok.issueOidcToken('carol', { groups: ['sre'], expiresInS: 3600 })) },
        // Expired and nothing to refresh it with: client-node sends no credential at all.
        { name: 'dave', user: oidc(expired, expired.issueOidcToken('dave', { expiresInS: -60 })) },
        // Expired, with a refresh token: client-node asks the issuer (nothing serves it) and fails.
        { name: 'erin', user: oidc(refresh, refresh.issueOidcToken('erin', { expiresInS: -60 }), { 'refresh-token': 'sim-refresh-token-erin-0123456789' }) },
        // Unexpired, so client-node sends it, but minted for another issuer.
        { name: 'frank', user: oidc(foreign, foreign.issueOidcToken('frank', { issuer: 'https://accounts.example.com', expiresInS: 3600 })) },
        { name: 'grace', user: oidc(short, shortToken) },
      ],
      contexts: [
        { name: 'oidc-ok', context: { cluster: 'oidc-ok', user: 'carol' } },
        { name: 'oidc-expired', context: { cluster: 'oidc-expired', user: 'dave' } },
        { name: 'oidc-refresh', context: { cluster: 'oidc-refresh', user: 'erin' } },
        { name: 'oidc-foreign', context: { cluster: 'oidc-foreign', user: 'frank' } },
        { name: 'oidc-short', context: { cluster: 'oidc-short', user: 'grace' } },
      ],
    }),
    { mode: 0o600 },
  );
  const config = validateConfig({
    clusters: NAMES.map((context) => ({ name: context, kubernetes: { kubeconfig, context, requestTimeout: '2s' } })),
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
const kubectl = (context: string, ...args: string[]) =>
  run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'kube-cache'), '--context', context, ...args], { timeout: 20_000 });

describe('auth-provider oidc', () => {
  it('fleetscope lists and watches nodes and events with a valid ID token (the API server sees oidc:carol)', async () => {
    await waitFor('oidc-ok listed', () => kube('oidc-ok')?.nodes?.length === 2 && kube('oidc-ok')?.version?.gitVersion === 'v1.31.2');
    expect(kube('oidc-ok')?.error).toBeNull();
    const c = clusterOf('oidc-ok');
    const watching = (prefix: string) => c.kube.requests.some((r) => r.status === 200 && r.watch && r.url.startsWith(prefix));
    await waitFor('node and event watches open', () => watching('/api/v1/nodes') && watching('/apis/events.k8s.io/v1/events'));
    expect(c.kube.requests.filter((r) => r.url !== '/healthz').every((r) => r.status === 200 && r.user === 'oidc:carol')).toBe(true);
    c.kube.createEvent({ namespace: 'default', involvedObject: { kind: 'Pod', name: 'carol-pod' }, reason: 'Started', message: 'Started container app' });
    await waitFor('oidc-ok event watched', () => app.fleet.events('oidc-ok').some((e) => e.involvedObject.name === 'carol-pod' && e.reason === 'Started'));
  });

  it('shows an expired ID token with no refresh token as unauthorized (client-node sends no credential)', async () => {
    const error = await waitFor('oidc-expired refused', () => kube('oidc-expired')?.error ?? undefined);
    expect(error).toMatchObject({ kind: 'unauthorized', message: expect.stringContaining('HTTP 401') });
    expect(kube('oidc-expired')?.nodes ?? []).toEqual([]);
    const refused = clusterOf('oidc-expired').kube.requests.filter((r) => r.url !== '/healthz');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.status === 401 && r.user === null)).toBe(true);
  });

  // client-node 1.x cannot refresh at all (it hands openid-client 6 a string where a URL is needed,
  // kubernetes-client/javascript#2202): either way the credential is missing before any request.
  it('shows an expired ID token that cannot be refreshed as unauthorized, without asking the API server', async () => {
    const error = await waitFor('oidc-refresh refused', () => kube('oidc-refresh')?.error ?? undefined);
    expect(error).toMatchObject({ kind: 'unauthorized', message: expect.stringContaining('cannot get credentials') });
    expect(kube('oidc-refresh')?.nodes ?? []).toEqual([]);
    expect(clusterOf('oidc-refresh').kube.requests.filter((r) => r.status === 200 && r.url !== '/healthz')).toEqual([]);
  });

  it('shows an unexpired ID token of another issuer as unauthorized (the API server refuses it)', async () => {
    const error = await waitFor('oidc-foreign refused', () => kube('oidc-foreign')?.error ?? undefined);
    expect(error).toMatchObject({ kind: 'unauthorized', message: expect.stringContaining('HTTP 401') });
    const refused = clusterOf('oidc-foreign').kube.requests.filter((r) => r.url !== '/healthz');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.status === 401 && r.user === null)).toBe(true);
  });

  it('keeps the valid cluster watching while the others are unauthorized', async () => {
    for (const name of ['oidc-expired', 'oidc-refresh', 'oidc-foreign'])
      await waitFor(`${name} unauthorized`, () => kube(name)?.error?.kind === 'unauthorized');
    clusterOf('oidc-ok').kube.createEvent({
      namespace: 'default',
      involvedObject: { kind: 'Pod', name: 'during-expired' },
      reason: 'Pulled',
      message: 'pulled',
    });
    await waitFor('oidc-ok event', () => app.fleet.events('oidc-ok').some((e) => e.involvedObject.name === 'during-expired'));
    expect(kube('oidc-ok')?.error).toBeNull();
  });

  it('turns a cluster unauthorized when its ID token expires while running, once its watches have to reconnect', async () => {
    const c = clusterOf('oidc-short');
    await waitFor('oidc-short listed', () => kube('oidc-short')?.nodes?.length === 2 && kube('oidc-short')?.error === null);
    expect(c.kube.requests.filter((r) => r.status === 200).every((r) => r.user === 'oidc:grace')).toBe(true);
    const claims: unknown = JSON.parse(Buffer.from(shortToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: 'grace', exp: expect.any(Number) });
    const exp = Number(Object(claims).exp) * 1000;
    await waitFor('the ID token expired', () => Date.now() > exp + 200, (SHORT_S + 5) * 1000);
    // Open watches go on (a real API server authenticates a request when it starts); end them, as a server restart would.
    c.kube.closeWatches();
    const error = await waitFor('oidc-short unauthorized', () => (kube('oidc-short')?.error?.kind === 'unauthorized' ? kube('oidc-short')!.error! : undefined));
    expect(error.message).toContain('HTTP 401');
    expect(error.since).toBeGreaterThanOrEqual(exp);
    expect(c.kube.requests.filter((r) => r.status === 401).every((r) => r.user === null)).toBe(true);
    expect(kube('oidc-ok')?.error).toBeNull();
  }, 30_000);

  it('kubectl get nodes works with the valid ID token and is refused with the foreign one', async () => {
    const { stdout } = await kubectl('oidc-ok', 'get', 'nodes', '-o', 'name');
    expect(stdout.trim().split('\n')).toEqual(clusterOf('oidc-ok').model.nodes.map((n) => `node/${n.name}`));
    await expect(kubectl('oidc-foreign', 'get', 'nodes')).rejects.toMatchObject({
      stderr: expect.stringContaining('error: You must be logged in to the server'),
    });
  });

  it('never lets an ID token or a refresh token reach the logs or the API', async () => {
    const api = await Promise.all(['/api/clusters', '/api/events', '/metrics'].map(async (p) => (await fetch(`${app.url}${p}`)).text()));
    const logs = app.logs.join('\n');
    expect(secrets.length).toBe(6);
    for (const secret of secrets) {
      // A JWT's signature alone is a secret's worth; so is the refresh token.
      const tail = secret.split('.').at(-1)!;
      expect(logs).not.toContain(tail);
      for (const body of api) expect(body).not.toContain(tail);
    }
  });
});
