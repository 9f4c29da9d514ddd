import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetSkew } from '../../shared/reports/skew';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { startTestServer } from '../helpers/server';

/**
 * The default demo fleet tells its story at a glance, as fleetscope's own
 * reports read it: production supported, two clusters past end of life, one kubelet too far behind,
 * one workload's image drifting between clusters, one cluster degraded, costs that differ; and its kubeconfig works for kubectl.
 */
let app: Awaited<ReturnType<typeof startTestServer>>;
const getJson = async <T>(path: string): Promise<T> => (await fetch(`${app.url}${path}`)).json();

beforeAll(async () => {
  app = await startTestServer();
});

afterAll(async () => {
  await app?.close();
});

describe('the demo fleet', () => {
  it('has production on supported versions, dev and legacy-batch past end of life, and a kubelet too far behind', async () => {
    const skew = await getJson<FleetSkew>('/api/reports/skew');
    expect(skew.clusters.filter((c) => c.eol?.state === 'past_eol').map((c) => c.cluster)).toEqual(['dev', 'legacy-batch']);
    expect(skew.clusters.filter((c) => c.eol?.state === 'supported').map((c) => c.cluster)).toEqual(['prod-eu', 'prod-us', 'prod-apac', 'staging-eu']);
    const tooOld = skew.clusters.flatMap((c) => c.findings.filter((f) => f.rule === 'kubelet_too_old').map((f) => `${c.cluster} ${f.subject} ${f.version}`));
    expect(tooOld).toEqual(['legacy-batch legacy-batch-node-000 v1.23.17']);
    expect(new Set(skew.clusters.flatMap((c) => c.apiServer.versions)).size).toBeGreaterThanOrEqual(4);
  });

  it('shows image drift: staging-eu runs a release candidate of payments-api that the other clusters do not', async () => {
    const skew = await getJson<FleetSkew>('/api/reports/skew');
    expect(skew.fleet.imageDrift.map((d) => `${d.namespace}/${d.workload}/${d.container}`)).toEqual(['payments/Deployment/payments-api/api']);
    const images = skew.fleet.imageDrift[0]?.images ?? [];
    expect(images.find((i) => i.image.endsWith(':2.0.0-rc.1'))?.clusters).toEqual(['staging-eu']);
    expect(images.find((i) => !i.image.endsWith(':2.0.0-rc.1'))?.clusters.length).toBeGreaterThanOrEqual(4);
  });

  it('has one degraded cluster and the others healthy', async () => {
    const body = await getJson<{ clusters: Array<{ cluster: string; status: string }> }>('/api/clusters');
    expect(body.clusters.filter((c) => c.status !== 'healthy').map((c) => `${c.cluster} ${c.status}`)).toEqual(['prod-us degraded']);
  });

  it('costs differ from cluster to cluster', async () => {
    const cost = await getJson<FleetCost>('/api/reports/cost');
    const hourly = cost.clusters.map((c) => c.assets?.hourly.total ?? 0);
    expect(hourly.every((h) => h > 0)).toBe(true);
    expect(new Set(hourly.map((h) => h.toFixed(2))).size).toBe(DEMO_FLEET.length);
  });

  it('writes a kubeconfig that kubectl uses as is', async () => {
    const kubeconfig = app.demo!.kubeconfigPath;
    const { stdout } = await promisify(execFile)(
      '/usr/lib/google-cloud-sdk/bin/kubectl.1.33',
      ['--kubeconfig', kubeconfig, '--cache-dir', path.join(app.demo!.dir, 'kube-cache'), '--context', 'sim-prod-us', 'get', 'nodes'],
      { timeout: 20_000 },
    );
    expect(stdout.split('\n').filter((l) => /\sNotReady\s/.test(l))).toHaveLength(2);
  });
});
