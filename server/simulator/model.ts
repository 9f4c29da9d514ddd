import { buildCompanions, type SimCompanionSpec, type SimCompanionState } from './companions';
import { createRandom, hashSeed } from './random';

/** A simulated node, as both its Kubernetes object and its KSM series describe it. */
export interface SimNode {
  name: string;
  uid: string;
  ready: boolean;
  kubeletVersion: string;
  kubeProxyVersion: string;
  containerRuntimeVersion: string;
  osImage: string;
  kernelVersion: string;
  cpuCores: number;
  memoryBytes: number;
  maxPods: number;
  instanceType: string;
  region: string;
  zone: string;
  /** spec.podCIDR: the IPv4 range of the node's pods (the first of podCIDRs). */
  podCIDR: string;
  /** spec.podCIDRs: one range per IP family (IPv4 first; an IPv6 one on a dual-stack cluster). */
  podCIDRs: string[];
  internalIP: string;
  createdAt: string;
  /** When the Ready condition last changed (ISO). */
  readySince: string;
}

export interface SimContainer {
  name: string;
  image: string;
  cpuRequestCores: number;
  memoryRequestBytes: number;
  /** Memory limit; null when none is set. */
  memoryLimitBytes: number | null;
  /** Simulated usage, as a fraction of the request. */
  cpuUsageRatio: number;
  memoryUsageRatio: number;
  restarts: number;
  /** e.g. "CrashLoopBackOff"; null while running. */
  waitingReason: string | null;
  /** When the container last terminated (epoch ms); null if it never did. */
  lastTerminatedAtMs: number | null;
}

export interface SimPod {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  phase: 'Running' | 'Pending' | 'Succeeded' | 'Failed';
  /** Owning workload (Deployment) name. */
  workload: string;
  /** ReplicaSet name (workload plus pod-template hash), the pod's owner. */
  replicaSet: string;
  labels: Record<string, string>;
  podIP: string;
  containers: SimContainer[];
  createdAt: string;
}

export interface SimPvc {
  namespace: string;
  name: string;
  /** The bound PersistentVolume, `pvc-<uid>` as dynamic provisioning names it. */
  volume: string;
  storageBytes: number;
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
  /** The first N nodes start NotReady. */
  notReadyNodes?: number;
  /** The first N pods start in CrashLoopBackOff. */
  crashLoopPods?: number;
  /** Instance types to draw nodes from (default a general-purpose mix). */
  instanceTypes?: readonly string[];
  /**
   * Image tag per workload, `namespace/workload` → tag, overriding the tag
   * every cluster otherwise shares: how a cluster shows image drift.
   */
  imageTags?: Readonly<Record<string, string>>;
  /**
   * The cluster's IPv4 pod range, a /16 such as "10.12.0.0/16"; node i gets
   * its i-th /24. Default: one derived from the name. Two clusters given the
   * same range overlap, as two clusters built from one template do.
   */
  podCidr?: string;
  /** Nodes also get an IPv6 pod range (spec.podCIDRs of a dual-stack cluster). */
  dualStack?: boolean;
  /** The companions beside the cluster and their story (default: the everyday mix, all fine). */
  companions?: SimCompanionSpec;
  seed?: number;
}

export interface SimClusterModel {
  spec: SimClusterSpec;
  namespaces: string[];
  nodes: SimNode[];
  pods: SimPod[];
  pvcs: SimPvc[];
  companions: SimCompanionState;
}

export const NAMESPACES = ['default', 'kube-system', 'monitoring', 'payments', 'checkout', 'search'];
const WORKLOAD_NAMESPACES = ['payments', 'checkout', 'search', 'kube-system', 'monitoring'];

/** vCPU and memory of the instance types the simulator knows (names as AWS spells them). */
export const INSTANCE_SHAPES: Readonly<Record<string, { cpu: number; memGiB: number }>> = {
  'm5.xlarge': { cpu: 4, memGiB: 16 },
  'm5.2xlarge': { cpu: 8, memGiB: 32 },
  'c5.2xlarge': { cpu: 8, memGiB: 16 },
  'r5.2xlarge': { cpu: 8, memGiB: 64 },
  'm5.4xlarge': { cpu: 16, memGiB: 64 },
};
const DEFAULT_TYPES = ['m5.xlarge', 'm5.2xlarge', 'c5.2xlarge'];

export const CREATED_AT = '2026-01-15T08:00:00Z';

export function uidFrom(random: () => number): string {
  const hex = () =>
    Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-8${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

function suffix(random: () => number, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** Second octet of the cluster's 10.x.0.0/16 pod range: the spec's, else one of 10.16–10.239 derived from its name. */
export function podRangeOctet(spec: SimClusterSpec): number {
  const m = spec.podCidr ? /^10\.(\d{1,3})\.0\.0\/16$/.exec(spec.podCidr) : null;
  if (spec.podCidr && !m) throw new Error(`podCidr "${spec.podCidr}" of ${spec.name}: expected a range 10.N.0.0/16`);
  return m ? Number(m[1]) : 16 + (hashSeed(`${spec.name}/pods`) % 224);
}

export function buildNode(spec: SimClusterSpec, index: number, random: () => number): SimNode {
  const types = spec.instanceTypes?.length ? spec.instanceTypes : DEFAULT_TYPES;
  const instanceType = types[Math.floor(random() * types.length)]!;
  const shape = INSTANCE_SHAPES[instanceType] ?? { cpu: 4, memGiB: 16 };
  const region = spec.labels.region ?? 'local-1';
  const kubelet = spec.kubeletOverrides?.[index] ?? spec.kubeletVersion ?? spec.version;
  // Node i gets the i-th /24 of the cluster's /16 (beyond 256 nodes, the next /16s).
  const podCIDR = `10.${(podRangeOctet(spec) + (index >> 8)) & 255}.${index & 255}.0/24`;
  return {
    name: `${spec.name}-node-${String(index).padStart(3, '0')}`,
    uid: uidFrom(random),
    ready: index >= (spec.notReadyNodes ?? 0),
    kubeletVersion: kubelet,
    kubeProxyVersion: kubelet,
    containerRuntimeVersion: 'containerd://1.7.13',
    osImage: 'Ubuntu 22.04.4 LTS',
    kernelVersion: '6.1.0-18-cloud-amd64',
    cpuCores: shape.cpu,
    memoryBytes: shape.memGiB * 1024 ** 3,
    maxPods: 110,
    instanceType,
    region,
    zone: `${region}${'abc'[index % 3]}`,
    podCIDR,
    podCIDRs: spec.dualStack ? [podCIDR, `fd00:10:${podRangeOctet(spec).toString(16)}:${index.toString(16)}::/64`] : [podCIDR],
    internalIP: `10.250.${((index + 10) >> 8) & 255}.${(index + 10) & 255}`,
    createdAt: CREATED_AT,
    readySince: CREATED_AT,
  };
}

/** One pod of `workload`; `ordinal` picks its size from a small table. */
export function buildPod(options: { namespace: string; workload: string; node: SimNode; ordinal: number; random: () => number; createdAt?: string }): SimPod {
  const { namespace, workload, node, ordinal, random } = options;
  const hash = suffix(createRandom(hashSeed(`${namespace}/${workload}`)), 10);
  const replicaSet = `${workload}-${hash}`;
  const size = ordinal % 3;
  const container = workload.split('-').at(-1)!;
  return {
    namespace,
    name: `${replicaSet}-${suffix(random, 5)}`,
    uid: uidFrom(random),
    node: node.name,
    phase: 'Running',
    workload,
    replicaSet,
    labels: { app: workload, 'pod-template-hash': hash },
    podIP: `${node.podCIDR.split('.').slice(0, 3).join('.')}.${10 + Math.floor(random() * 240)}`,
    containers: [
      {
        name: container,
        image: `registry.example.com/${namespace}/${container}:1.${(hashSeed(workload) % 3) + 4}.0`,
        cpuRequestCores: [0.1, 0.25, 0.5][size]!,
        memoryRequestBytes: [128, 256, 512][size]! * 1024 ** 2,
        memoryLimitBytes: [256 * 1024 ** 2, 512 * 1024 ** 2, null][size] ?? null,
        cpuUsageRatio: 0.2 + random() * 0.9,
        memoryUsageRatio: 0.4 + random() * 0.5,
        restarts: 0,
        waitingReason: null,
        lastTerminatedAtMs: null,
      },
    ],
    createdAt: options.createdAt ?? CREATED_AT,
  };
}

/**
 * Builds a cluster's namespaces, nodes, pods and volume claims from its spec,
 * deterministically. `nowMs` dates the last restarts of crash-looping
 * containers (a minute or so before it).
 */
export function buildCluster(spec: SimClusterSpec, options: { nowMs?: number } = {}): SimClusterModel {
  const random = createRandom(spec.seed ?? hashSeed(spec.name));
  const nodes: SimNode[] = [];
  for (let i = 0; i < spec.nodes; i++) nodes.push(buildNode(spec, i, random));
  const pods: SimPod[] = [];
  nodes.forEach((node, nodeIndex) => {
    for (let p = 0; p < spec.podsPerNode; p++) {
      const namespace = WORKLOAD_NAMESPACES[(nodeIndex + p) % WORKLOAD_NAMESPACES.length]!;
      const workload = `${namespace}-${['api', 'worker', 'web'][p % 3]}`;
      const pod = buildPod({ namespace, workload, node, ordinal: p, random });
      const tag = spec.imageTags?.[`${namespace}/${workload}`];
      if (tag) for (const c of pod.containers) c.image = c.image.replace(/:[^:/]+$/, `:${tag}`);
      pods.push(pod);
    }
  });
  pods.slice(0, spec.crashLoopPods ?? 0).forEach((pod, i) => {
    pod.containers[0]!.waitingReason = 'CrashLoopBackOff';
    pod.containers[0]!.restarts = 5 + Math.floor(random() * 20);
    pod.containers[0]!.lastTerminatedAtMs = (options.nowMs ?? Date.parse(CREATED_AT)) - 60_000 - i * 7_000;
  });
  const pvcs: SimPvc[] = WORKLOAD_NAMESPACES.slice(0, 3).map((namespace, i) => ({
    namespace,
    name: `data-${namespace}-db-0`,
    volume: `pvc-${uidFrom(createRandom(hashSeed(`${spec.name}/${namespace}/pvc`)))}`,
    storageBytes: [10, 50, 100][i]! * 1024 ** 3,
  }));
  const companions = buildCompanions(spec.companions, { cluster: spec.name, nodes: nodes.length, nowMs: options.nowMs ?? Date.parse(CREATED_AT) });
  return { spec, namespaces: [...NAMESPACES], nodes, pods, pvcs, companions };
}
