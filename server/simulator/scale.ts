import { storedSeries } from './exposition';
import { buildCluster, type SimClusterSpec } from './model';
import { scrapeTargets } from './metrics/targets';

/** The shape of a large simulated fleet, for benchmarks and scale tests. */
export interface ScaleOptions {
  clusters: number;
  /** Nodes per cluster (default: one per ~500 wanted series, at least 1). */
  nodes?: number;
  /** Pods per node (default: what makes `seriesPerCluster`, else 10). */
  podsPerNode?: number;
  /** Aim for about this many federated series per cluster (nodes and pods are derived from it). */
  seriesPerCluster?: number;
  /** Cluster names are `<prefix>-000`, `<prefix>-001`, … (default "scale"). */
  namePrefix?: string;
}

// Measured on the model (see seriesCount): a cluster has ~117 fixed series (10 of its own, 107 of the
// everyday companions: etcd's three members, cert-manager, Velero, Argo CD), a node ~30 (7 of them its
// Cilium agent's), a pod ~14.
const PER_CLUSTER = 117;
const PER_NODE = 30;
const PER_POD = 14;

const VERSIONS = ['v1.31.4', 'v1.30.8', 'v1.29.12', 'v1.32.1', 'v1.28.15'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-1', 'eu-central-1', 'us-west-2'];

/** Specs of `clusters` clusters of the given size; deterministic. */
export function scaleSpecs(options: ScaleOptions): SimClusterSpec[] {
  const wanted = options.seriesPerCluster;
  const nodes = options.nodes ?? (wanted ? Math.max(1, Math.round(wanted / 500)) : 3);
  const podsPerNode = options.podsPerNode ?? (wanted ? Math.max(0, Math.round((wanted - PER_CLUSTER - PER_NODE * nodes) / (PER_POD * nodes))) : 10);
  const prefix = options.namePrefix ?? 'scale';
  return Array.from({ length: options.clusters }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(3, '0')}`,
    labels: { env: i % 4 === 0 ? 'staging' : 'prod', region: REGIONS[i % REGIONS.length]! },
    version: VERSIONS[i % VERSIONS.length]!,
    nodes,
    podsPerNode,
  }));
}

/** Exactly how many series the cluster's /federate holds for `{__name__=~".+"}` (every target, `up` included). */
export function seriesCount(spec: SimClusterSpec): number {
  return storedSeries(scrapeTargets(buildCluster(spec))).length;
}
