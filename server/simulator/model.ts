import { createRandom, hashSeed } from './random';

/** A simulated node, as both its Kubernetes object and its KSM series describe it. */
export interface SimNode {
  name: string;
  uid: string;
  ready: boolean;
  kubeletVersion: string;
  cpuCores: number;
  memoryBytes: number;
  instanceType: string;
  zone: string;
  podCIDR: string;
  createdAt: string;
}

export interface SimContainer {
  name: string;
  image: string;
  cpuRequestCores: number;
  memoryRequestBytes: number;
  restarts: number;
  waitingReason: string | null;
}

export interface SimPod {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  phase: 'Running' | 'Pending' | 'Succeeded' | 'Failed';
  /** Owning workload (Deployment) name. */
  workload: string;
  containers: SimContainer[];
  createdAt: string;
}

/** The shape of a cluster to simulate; everything else is derived from it with a seed. */
export interface SimClusterSpec {
  name: string;
  labels: Record<string, string>;
  /** Control-plane version, e.g. "v1.29.4". */
  version: string;
  nodes: number;
  podsPerNode: number;
  /** Kubelet version of every node unless listed in `kubeletOverrides` (by node index). */
  kubeletVersion?: string;
  kubeletOverrides?: Record<number, string>;
  notReadyNodes?: number;
  seed?: number;
}

export interface SimClusterModel {
  spec: SimClusterSpec;
  nodes: SimNode[];
  pods: SimPod[];
}

const NAMESPACES = ['payments', 'checkout', 'search', 'kube-system', 'monitoring'];
const INSTANCE_TYPES: Array<{ type: string; cpu: number; memGiB: number }> = [
  { type: 'm5.xlarge', cpu: 4, memGiB: 16 },
  { type: 'm5.2xlarge', cpu: 8, memGiB: 32 },
  { type: 'c5.2xlarge', cpu: 8, memGiB: 16 },
];

function uid(random: () => number): string {
  const hex = () => Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-8${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

/** Builds a cluster's nodes and pods from its spec, deterministically. */
export function buildCluster(spec: SimClusterSpec): SimClusterModel {
  const random = createRandom(spec.seed ?? hashSeed(spec.name));
  const region = spec.labels.region ?? 'local-1';
  const created = '2026-01-15T08:00:00Z';
  const nodes: SimNode[] = [];
  for (let i = 0; i < spec.nodes; i++) {
    const shape = INSTANCE_TYPES[Math.floor(random() * INSTANCE_TYPES.length)]!;
    nodes.push({
      name: `${spec.name}-node-${String(i).padStart(3, '0')}`,
      uid: uid(random),
      ready: i >= (spec.notReadyNodes ?? 0),
      kubeletVersion: spec.kubeletOverrides?.[i] ?? spec.kubeletVersion ?? spec.version,
      cpuCores: shape.cpu,
      memoryBytes: shape.memGiB * 1024 ** 3,
      instanceType: shape.type,
      zone: `${region}${'abc'[i % 3]}`,
      podCIDR: `10.${(i >> 8) & 255}.${i & 255}.0/24`,
      createdAt: created,
    });
  }
  const pods: SimPod[] = [];
  nodes.forEach((node, nodeIndex) => {
    for (let p = 0; p < spec.podsPerNode; p++) {
      const namespace = NAMESPACES[(nodeIndex + p) % NAMESPACES.length]!;
      const workload = `${namespace}-${['api', 'worker', 'web'][p % 3]}`;
      const suffix = Math.floor(random() * 0xfffff).toString(36);
      pods.push({
        namespace,
        name: `${workload}-${suffix}`,
        uid: uid(random),
        node: node.name,
        phase: 'Running',
        workload,
        containers: [
          {
            name: workload.split('-').at(-1)!,
            image: `registry.example.com/${workload}:1.${Math.floor(random() * 3) + 4}.0`,
            cpuRequestCores: [0.1, 0.25, 0.5][p % 3]!,
            memoryRequestBytes: [128, 256, 512][p % 3]! * 1024 ** 2,
            restarts: 0,
            waitingReason: null,
          },
        ],
        createdAt: created,
      });
    }
  });
  return { spec, nodes, pods };
}
