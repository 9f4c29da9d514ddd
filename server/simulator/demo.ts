import type { SimClusterSpec } from './model';
import { startSimCluster, type SimCluster } from './cluster-server';

/**
 * The demo fleet of `npm start`: it tells a story at a glance. Different
 * sizes, regions and versions; one cluster past end of life, one with a
 * kubelet too far behind its control plane, one degraded.
 */
export const DEMO_FLEET: readonly SimClusterSpec[] = [
  { name: 'prod-eu', labels: { env: 'prod', region: 'eu-west-1' }, version: 'v1.30.6', nodes: 12, podsPerNode: 8 },
  { name: 'prod-us', labels: { env: 'prod', region: 'us-east-1' }, version: 'v1.30.6', nodes: 10, podsPerNode: 8, notReadyNodes: 2 },
  { name: 'prod-apac', labels: { env: 'prod', region: 'ap-southeast-1' }, version: 'v1.29.10', nodes: 6, podsPerNode: 6 },
  { name: 'staging-eu', labels: { env: 'staging', region: 'eu-west-1' }, version: 'v1.31.2', nodes: 4, podsPerNode: 5 },
  { name: 'dev', labels: { env: 'dev', region: 'eu-central-1' }, version: 'v1.32.0', nodes: 3, podsPerNode: 4 },
  { name: 'legacy-batch', labels: { env: 'prod', region: 'us-west-2' }, version: 'v1.27.16', nodes: 5, podsPerNode: 6, kubeletOverrides: { 0: 'v1.23.17' } },
];

export interface SimFleet {
  clusters: SimCluster[];
  /** A fleetscope config document that points at every simulated cluster. */
  configDocument(): { clusters: unknown[] };
  close(): Promise<void>;
}

export async function startSimFleet(specs: readonly SimClusterSpec[] = DEMO_FLEET, options: { host?: string; interval?: string } = {}): Promise<SimFleet> {
  const clusters = await Promise.all(specs.map((spec) => startSimCluster(spec, options)));
  return {
    clusters,
    configDocument: () => ({
      clusters: clusters.map((c) => ({
        name: c.name,
        labels: { ...c.model.spec.labels },
        prometheus: { url: c.federateUrl, interval: options.interval ?? '15s', timeout: '5s' },
        kubernetes: { server: c.apiUrl, token: c.token },
      })),
    }),
    close: async () => {
      await Promise.all(clusters.map((c) => c.close()));
    },
  };
}
