import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetState } from '../../server/fleet/state';
import type { SimCluster } from '../../server/simulator/cluster-server';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { createKubeClusterSource } from '../../server/sources/kube/cluster-source';
import { kubeConfigForSource } from '../../server/sources/kube/kubeconfig';
import type { SourceWorker } from '../../server/sources/types';
import { waitFor } from '../helpers/server';

/**
 * fleetscope inside a hub cluster: the service account's token and CA files
 * and the KUBERNETES_SERVICE_HOST/PORT variables a pod gets, pointing at a
 * simulated API server; read by client-node's in-cluster loader.
 */
let sim: SimFleet;
let worker: SourceWorker | null = null;
const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };

beforeAll(async () => {
  sim = await startSimFleet([{ name: 'hub', labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 1 }], { kube: { bookmarkIntervalMs: 500 } });
});

afterAll(async () => {
  worker?.stop();
  await sim?.close();
  process.env.KUBERNETES_SERVICE_HOST = saved.host;
  process.env.KUBERNETES_SERVICE_PORT = saved.port;
  if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
  if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
});

describe('in-cluster service account', () => {
  it('reaches the API server with the mounted token and CA', async () => {
    const hub = sim.clusters[0] as SimCluster;
    const root = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-sa-'));
    const dir = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'token'), hub.token);
    writeFileSync(path.join(dir, 'ca.crt'), hub.caPem);
    writeFileSync(path.join(dir, 'namespace'), 'fleetscope');
    const api = new URL(hub.apiUrl);
    process.env.KUBERNETES_SERVICE_HOST = api.hostname;
    process.env.KUBERNETES_SERVICE_PORT = api.port;

    const resolved = kubeConfigForSource(
      { inCluster: true, versionInterval: 60_000, requestTimeout: 2000, watchIdleTimeout: 10_000, eventRingSize: 100 },
      process.env,
      { serviceAccountRoot: root },
    );
    if (!resolved.ok) throw new Error(resolved.problem);
    expect(resolved.value).toMatchObject({ server: `https://${api.hostname}:${api.port}`, insecure: false, origin: 'in-cluster service account' });

    const fleet = new FleetState([{ name: 'hub', labels: {}, hasPrometheus: false, hasKubernetes: true }]);
    worker = createKubeClusterSource({
      cluster: 'hub',
      config: resolved.value,
      settings: { versionInterval: 60_000, requestTimeout: 2000, watchIdleTimeout: 10_000 },
      sink: {
        status: (r) => fleet.applyKubeStatus(r),
        version: (c, v) => fleet.applyKubeVersion(c, v),
        nodes: (c, n) => fleet.applyNodes(c, n),
        events: (c, o) => fleet.applyKubeEvents(c, o),
        relisted: (c, r) => fleet.applyKubeRelist(c, r),
        badLine: (c, r) => fleet.applyKubeBadLine(c, r),
      },
    });
    await worker.start();
    hub.kube.createEvent({
      namespace: 'fleetscope',
      involvedObject: { kind: 'Pod', name: 'fleetscope-0', namespace: 'fleetscope' },
      reason: 'Started',
      message: 'Started container fleetscope',
    });
    await waitFor('event through the service account', () => fleet.events('hub').some((e) => e.involvedObject.name === 'fleetscope-0'));
    const kube = fleet.snapshot().clusters[0]?.kubernetes;
    expect(kube?.nodes).toHaveLength(2);
    expect(kube?.version?.gitVersion).toBe('v1.31.2');
    expect(kube?.error).toBeNull();
  });
});
