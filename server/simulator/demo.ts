import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SimClusterSpec } from './model';
import { startSimCluster, type SimCluster, type SimClusterOptions } from './cluster-server';
import { kubeconfigYaml } from './kubeconfig';
import { createSimTls, issueClientCert } from './tls';
import { parseDuration } from '../config/duration';
import { startAdminServer } from './scenarios/admin';
import { ScenarioRunner, type ScenarioRequest } from './scenarios/runner';

/**
 * The demo fleet of `npm start`: it tells a story at a glance. Different
 * sizes, regions, instance types (so costs differ) and versions: production
 * and staging on supported 1.36 (prod-apac a patch behind, staging-eu a
 * patch ahead; move them on when 1.36 nears its end of life in
 * config/kubernetes-releases.yaml), dev left on 1.32 (past end of life),
 * legacy-batch on 1.27 (long past it) with a kubelet on 1.23, four minors
 * behind its control plane. staging-eu runs a
 * release candidate of payments-api (image drift). prod-us is degraded:
 * two nodes NotReady, three pods crash-looping.
 *
 * Hygiene: every cluster has its own pod range except dev, built from
 * staging-eu's template (the same 10.30.0.0/16: one overlap, between those
 * two); legacy-batch's backups are four days old; Argo CD's checkout
 * application is OutOfSync on prod-us; prod-apac's wildcard certificate
 * expires in five days and a client there still calls
 * resource.k8s.io/v1beta1 resourceclaims, removed in 1.37, its next minor.
 * Companions differ as in a real fleet: Argo CD on production, Flux on
 * staging and dev; Cilium everywhere but prod-eu, which runs Istio (and
 * dual-stack pod ranges); Gatekeeper on production; no Velero on dev.
 */
export const DEMO_FLEET: readonly SimClusterSpec[] = [
  {
    name: 'prod-eu',
    labels: { env: 'prod', region: 'eu-west-1' },
    version: 'v1.36.4',
    nodes: 12,
    podsPerNode: 8,
    instanceTypes: ['m5.2xlarge', 'r5.2xlarge'],
    podCidr: '10.20.0.0/16',
    dualStack: true,
    companions: { etcd: true, certManager: true, velero: true, argocd: true, istio: true, gatekeeper: true },
  },
  {
    name: 'prod-us',
    labels: { env: 'prod', region: 'us-east-1' },
    version: 'v1.36.4',
    nodes: 10,
    podsPerNode: 8,
    notReadyNodes: 2,
    crashLoopPods: 3,
    instanceTypes: ['m5.2xlarge', 'c5.2xlarge'],
    podCidr: '10.21.0.0/16',
    companions: { etcd: true, certManager: true, velero: true, argocd: { outOfSync: ['checkout'] }, cilium: true, gatekeeper: true },
  },
  {
    name: 'prod-apac',
    labels: { env: 'prod', region: 'ap-southeast-1' },
    version: 'v1.36.1',
    nodes: 6,
    podsPerNode: 6,
    podCidr: '10.22.0.0/16',
    companions: {
      etcd: true,
      certManager: { expiringInDays: 5 },
      velero: true,
      argocd: true,
      cilium: true,
      gatekeeper: true,
      deprecatedApis: [{ group: 'resource.k8s.io', version: 'v1beta1', resource: 'resourceclaims', removedRelease: '1.37' }],
    },
  },
  {
    name: 'staging-eu',
    labels: { env: 'staging', region: 'eu-west-1' },
    version: 'v1.36.6',
    nodes: 4,
    podsPerNode: 5,
    instanceTypes: ['m5.xlarge'],
    imageTags: { 'payments/payments-api': '2.0.0-rc.1' },
    podCidr: '10.30.0.0/16',
    companions: { etcd: true, certManager: true, velero: true, flux: true, cilium: true },
  },
  {
    name: 'dev',
    labels: { env: 'dev', region: 'eu-central-1' },
    version: 'v1.32.0',
    nodes: 3,
    podsPerNode: 4,
    instanceTypes: ['m5.xlarge'],
    podCidr: '10.30.0.0/16',
    companions: { etcd: true, certManager: true, flux: true, cilium: true },
  },
  {
    name: 'legacy-batch',
    labels: { env: 'prod', region: 'us-west-2' },
    version: 'v1.27.16',
    nodes: 5,
    podsPerNode: 6,
    kubeletOverrides: { 0: 'v1.23.17' },
    instanceTypes: ['m5.4xlarge'],
    podCidr: '10.40.0.0/16',
    companions: { etcd: true, certManager: true, velero: { staleDays: 4, failures: 4 }, argocd: true, cilium: true },
  },
];

/** What `npm start` runs on the demo fleet unless told otherwise: everyday life (events, restarts) on every cluster. */
export const DEMO_SCENARIOS: readonly ScenarioRequest[] = DEMO_FLEET.map((c) => ({ scenario: 'ambient', cluster: c.name }));

export interface SimFleet {
  clusters: SimCluster[];
  /** Folder holding ca.crt and kubeconfig of the fleet. */
  dir: string;
  /** Path of the fleet's kubeconfig (one context `sim-<cluster>` per cluster); rewritten on token rotation via writeKubeconfig(). */
  kubeconfigPath: string;
  /** Path of the PEM file of the CA that signed every simulated API server. */
  caFile: string;
  /**
   * The same contexts as `kubeconfigPath`, authenticating with a client
   * certificate of the fleet's CA instead of tokens: CN `kubernetes-admin`,
   * O `system:masters`, like kubeadm's admin.conf. Written once at start.
   */
  certKubeconfigPath: string;
  /** A fleetscope config document that points at every simulated cluster. */
  configDocument(): { clusters: unknown[] };
  /** Writes the kubeconfig again (after a token rotation). */
  writeKubeconfig(): void;
  /** Start and stop scenarios (node NotReady, CrashLoopBackOff storm, …) on the fleet's clusters. */
  scenarios: ScenarioRunner;
  /** Base URL of the admin endpoint (GET/POST /scenarios, DELETE /scenarios/:id); null unless `admin` was given. */
  adminUrl: string | null;
  close(): Promise<void>;
}

export interface SimFleetOptions extends Omit<SimClusterOptions, 'tls'> {
  /** Scrape interval written into configDocument() (default 15s). */
  interval?: string;
  /** Where to write ca.crt and kubeconfig (e.g. data/demo); default a temporary folder removed on close. */
  dir?: string;
  /** Scenarios to start right away; an unknown scenario or cluster throws. */
  scenarios?: readonly ScenarioRequest[];
  /** Start the loopback admin endpoint (port 0: any free port). */
  admin?: { port?: number };
}

export async function startSimFleet(specs: readonly SimClusterSpec[] = DEMO_FLEET, options: SimFleetOptions = {}): Promise<SimFleet> {
  const tls = options.prometheusOnly ? undefined : createSimTls();
  const temporary = !options.dir;
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'fleetscope-sim-'));
  mkdirSync(dir, { recursive: true });
  const caFile = path.join(dir, 'ca.crt');
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  const certKubeconfigPath = path.join(dir, 'kubeconfig-client-cert');
  const clusters: SimCluster[] = [];
  try {
    // In batches: starting hundreds of servers at once only makes them queue for the same two cores.
    for (let i = 0; i < specs.length; i += 20)
      clusters.push(...(await Promise.all(specs.slice(i, i + 20).map((spec) => startSimCluster(spec, { ...options, tls })))));
  } catch (error) {
    await Promise.all(clusters.map((c) => c.close()));
    throw error;
  }
  const interval = options.interval ?? '15s';
  // fleetscope refuses a scrape timeout longer than the interval.
  const timeout = parseDuration(interval) < 5000 ? interval : '5s';
  const writeKubeconfig = () => writeFileSync(kubeconfigPath, kubeconfigYaml(clusters), { mode: 0o600 });
  if (tls) {
    writeFileSync(caFile, tls.caPem);
    writeKubeconfig();
    writeFileSync(certKubeconfigPath, kubeconfigYaml(clusters, issueClientCert(tls, 'kubernetes-admin', ['system:masters'])), { mode: 0o600 });
  }
  const scenarios = new ScenarioRunner(clusters);
  const admin = options.admin ? await startAdminServer(scenarios, { port: options.admin.port }) : null;
  const closeAll = async () => {
    await admin?.close();
    await scenarios.stopAll();
    await Promise.all(clusters.map((c) => c.close()));
    if (temporary) rmSync(dir, { recursive: true, force: true });
  };
  for (const request of options.scenarios ?? []) {
    const started = scenarios.start(request);
    if (!started.ok) {
      await closeAll();
      throw new Error(`scenario ${request.scenario}@${request.cluster}: ${started.message}`);
    }
  }
  return {
    clusters,
    dir,
    scenarios,
    adminUrl: admin?.url ?? null,
    caFile,
    kubeconfigPath,
    certKubeconfigPath,
    configDocument: () => ({
      clusters: clusters.map((c) => ({
        name: c.name,
        labels: { ...c.model.spec.labels },
        prometheus: { url: c.federateUrl, interval, timeout },
        ...(c.apiUrl ? { kubernetes: { server: c.apiUrl, token: c.token, caFile } } : {}),
      })),
    }),
    writeKubeconfig,
    close: closeAll,
  };
}
