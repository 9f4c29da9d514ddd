import type { SimClusterModel, SimNode } from '../model';
import { nodeLabels } from '../kube/objects';

export type Labels = Record<string, string>;

/** A metric family declared as data, as kube-state-metrics does: name, help, type and its samples. */
export interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: Sample[];
}

/**
 * One sample. A counter that grows with time carries `perSecond` and
 * `sinceMs`: its value at time t is `value + perSecond * (t - sinceMs) / 1000`,
 * so the rendered layout can be cached and only the numbers move.
 */
export interface Sample {
  labels: Labels;
  /** A histogram's part: the series is `<family>_bucket`, `_sum` or `_count`. */
  suffix?: '_bucket' | '_sum' | '_count';
  value: number;
  perSecond?: number;
  sinceMs?: number;
}

export function valueAt(sample: Sample, nowMs: number): number {
  if (!sample.perSecond) return sample.value;
  return Math.round((sample.value + (sample.perSecond * Math.max(0, nowMs - (sample.sinceMs ?? 0))) / 1000) * 100) / 100;
}

const CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

function conditionStatus(node: SimNode, condition: (typeof CONDITIONS)[number]): 'true' | 'false' | 'unknown' {
  if (condition === 'Ready') return node.ready ? 'true' : 'unknown';
  return 'false';
}

/** Prometheus label name of a Kubernetes label, as KSM sanitizes it (`label_` prefix, non [a-zA-Z0-9_] to `_`). */
export function ksmLabelName(label: string): string {
  return `label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * kube-state-metrics v2 families for the model: names and labels as KSM
 * documents them (docs/metrics/workload/pod-metrics.md, cluster/node-metrics.md,
 * storage/persistentvolumeclaim-metrics.md).
 */
export function ksmFamilies(model: SimClusterModel): Family[] {
  const internalIP = new Map(model.nodes.map((n) => [n.name, n.internalIP]));
  const containers = model.pods.flatMap((pod) => pod.containers.map((container) => ({ pod, container })));
  const podLabels = (p: { namespace: string; name: string; uid: string }) => ({ namespace: p.namespace, pod: p.name, uid: p.uid });
  return [
    {
      name: 'kube_node_info',
      help: 'Information about a cluster node.',
      type: 'gauge',
      samples: model.nodes.map((n) => ({
        labels: {
          node: n.name,
          kernel_version: n.kernelVersion,
          os_image: n.osImage,
          container_runtime_version: n.containerRuntimeVersion,
          kubelet_version: n.kubeletVersion,
          kubeproxy_version: n.kubeProxyVersion,
          provider_id: `aws:///${n.zone}/i-${n.uid.replace(/-/g, '').slice(0, 17)}`,
          pod_cidr: n.podCIDR,
          system_uuid: n.uid,
          internal_ip: n.internalIP,
        },
        value: 1,
      })),
    },
    {
      name: 'kube_node_labels',
      help: 'Kubernetes labels converted to Prometheus labels.',
      type: 'gauge',
      samples: model.nodes.map((n) => ({
        labels: { node: n.name, ...Object.fromEntries(Object.entries(nodeLabels(n)).map(([k, v]) => [ksmLabelName(k), v])) },
        value: 1,
      })),
    },
    {
      name: 'kube_node_status_condition',
      help: 'The condition of a cluster node.',
      type: 'gauge',
      samples: model.nodes.flatMap((n) =>
        CONDITIONS.flatMap((condition) =>
          (['true', 'false', 'unknown'] as const).map((status) => ({
            labels: { node: n.name, condition, status },
            value: conditionStatus(n, condition) === status ? 1 : 0,
          })),
        ),
      ),
    },
    ...(['capacity', 'allocatable'] as const).map((kind): Family => ({
      name: `kube_node_status_${kind}`,
      help:
        kind === 'capacity'
          ? 'The capacity for different resources of a node.'
          : 'The allocatable for different resources of a node that are available for scheduling.',
      type: 'gauge',
      samples: model.nodes.flatMap((n) => [
        { labels: { node: n.name, resource: 'cpu', unit: 'core' }, value: kind === 'capacity' ? n.cpuCores : n.cpuCores - 0.08 },
        { labels: { node: n.name, resource: 'memory', unit: 'byte' }, value: kind === 'capacity' ? n.memoryBytes : n.memoryBytes - 1024 ** 3 },
        { labels: { node: n.name, resource: 'pods', unit: 'integer' }, value: n.maxPods },
      ]),
    })),
    {
      name: 'kube_pod_info',
      help: 'Information about pod.',
      type: 'gauge',
      samples: model.pods.map((p) => ({
        labels: {
          ...podLabels(p),
          host_ip: internalIP.get(p.node) ?? '',
          pod_ip: p.podIP,
          node: p.node,
          created_by_kind: 'ReplicaSet',
          created_by_name: p.replicaSet,
          priority_class: '',
          host_network: 'false',
        },
        value: 1,
      })),
    },
    {
      // kube-state-metrics' labels: the pod's ownerReferences, one series each ("<none>" for a pod without any).
      name: 'kube_pod_owner',
      help: "Information about the Pod's owner.",
      type: 'gauge',
      samples: model.pods.map((p) => ({
        labels: { ...podLabels(p), owner_kind: 'ReplicaSet', owner_name: p.replicaSet, owner_is_controller: 'true' },
        value: 1,
      })),
    },
    {
      name: 'kube_pod_status_phase',
      help: 'The pods current phase.',
      type: 'gauge',
      samples: model.pods.flatMap((p) => PHASES.map((phase) => ({ labels: { ...podLabels(p), phase }, value: phase === p.phase ? 1 : 0 }))),
    },
    {
      name: 'kube_pod_container_info',
      help: 'Information about a container in a pod.',
      type: 'gauge',
      samples: containers.map(({ pod, container }) => ({
        labels: {
          ...podLabels(pod),
          container: container.name,
          image_spec: container.image,
          image: container.image,
          image_id: `${container.image.split(':')[0]}@sha256:${pod.uid.replace(/-/g, '').padEnd(64, '0')}`,
          container_id: `containerd://${pod.uid.replace(/-/g, '')}`,
        },
        value: 1,
      })),
    },
    {
      name: 'kube_pod_container_resource_requests',
      help: 'The number of requested request resource by a container. It is recommended to use the kube_pod_resource_requests metric exposed by kube-scheduler instead, as it is more precise.',
      type: 'gauge',
      samples: containers.flatMap(({ pod, container }) => [
        { labels: { ...podLabels(pod), container: container.name, node: pod.node, resource: 'cpu', unit: 'core' }, value: container.cpuRequestCores },
        { labels: { ...podLabels(pod), container: container.name, node: pod.node, resource: 'memory', unit: 'byte' }, value: container.memoryRequestBytes },
      ]),
    },
    {
      name: 'kube_pod_container_resource_limits',
      help: 'The number of requested limit resource by a container. It is recommended to use the kube_pod_resource_limits metric exposed by kube-scheduler instead, as it is more precise.',
      type: 'gauge',
      samples: containers.flatMap(({ pod, container }) =>
        container.memoryLimitBytes === null
          ? []
          : [{ labels: { ...podLabels(pod), container: container.name, node: pod.node, resource: 'memory', unit: 'byte' }, value: container.memoryLimitBytes }],
      ),
    },
    {
      name: 'kube_pod_container_status_waiting_reason',
      help: 'Describes the reason the container is currently in waiting state.',
      type: 'gauge',
      samples: containers.flatMap(({ pod, container }) =>
        container.waitingReason ? [{ labels: { ...podLabels(pod), container: container.name, reason: container.waitingReason }, value: 1 }] : [],
      ),
    },
    {
      name: 'kube_pod_container_status_restarts_total',
      help: 'The number of container restarts per container.',
      type: 'counter',
      samples: containers.map(({ pod, container }) => ({ labels: { ...podLabels(pod), container: container.name }, value: container.restarts })),
    },
    {
      name: 'kube_pod_container_status_last_terminated_reason',
      help: 'Describes the last reason the container was in terminated state.',
      type: 'gauge',
      samples: containers.flatMap(({ pod, container }) =>
        container.lastTerminatedAtMs === null ? [] : [{ labels: { ...podLabels(pod), container: container.name, reason: 'Error' }, value: 1 }],
      ),
    },
    {
      name: 'kube_pod_container_status_last_terminated_timestamp',
      help: 'Last terminated time for a pod container in unix timestamp.',
      type: 'gauge',
      samples: containers.flatMap(({ pod, container }) =>
        container.lastTerminatedAtMs === null
          ? []
          : [{ labels: { ...podLabels(pod), container: container.name }, value: Math.floor(container.lastTerminatedAtMs / 1000) }],
      ),
    },
    {
      name: 'kube_replicaset_owner',
      help: "Information about the ReplicaSet's owner.",
      type: 'gauge',
      samples: [...new Map(model.pods.map((p) => [`${p.namespace}/${p.replicaSet}`, p])).values()].map((p) => ({
        labels: { namespace: p.namespace, replicaset: p.replicaSet, owner_kind: 'Deployment', owner_name: p.workload, owner_is_controller: 'true' },
        value: 1,
      })),
    },
    {
      name: 'kube_persistentvolume_capacity_bytes',
      help: 'Persistentvolume capacity in bytes.',
      type: 'gauge',
      samples: model.pvcs.map((c) => ({ labels: { persistentvolume: c.volume }, value: c.storageBytes })),
    },
    {
      name: 'kube_persistentvolumeclaim_info',
      help: 'Information about persistent volume claim.',
      type: 'gauge',
      samples: model.pvcs.map((c) => ({
        labels: { namespace: c.namespace, persistentvolumeclaim: c.name, storageclass: 'gp3', volumename: c.volume },
        value: 1,
      })),
    },
    {
      name: 'kube_persistentvolumeclaim_resource_requests_storage_bytes',
      help: 'The capacity of storage requested by the persistent volume claim.',
      type: 'gauge',
      samples: model.pvcs.map((c) => ({ labels: { namespace: c.namespace, persistentvolumeclaim: c.name }, value: c.storageBytes })),
    },
  ];
}

/** cAdvisor's container families for the pods of one node, as the kubelet's /metrics/cadvisor exposes them. */
export function cadvisorFamilies(model: SimClusterModel, node: string): Family[] {
  const containers = model.pods
    .filter((p) => p.node === node && p.phase === 'Running')
    .flatMap((pod) => pod.containers.map((container) => ({ pod, container })));
  const labels = (pod: (typeof containers)[number]['pod'], container: (typeof containers)[number]['container']) => ({
    container: container.name,
    id: `/kubepods/burstable/pod${pod.uid}/${pod.uid.replace(/-/g, '')}`,
    image: container.image,
    name: pod.uid.replace(/-/g, ''),
    namespace: pod.namespace,
    pod: pod.name,
  });
  return [
    {
      name: 'container_cpu_usage_seconds_total',
      help: 'Cumulative cpu time consumed in seconds.',
      type: 'counter',
      samples: containers.map(({ pod, container }) => ({
        labels: { ...labels(pod, container), cpu: 'total' },
        value: 0,
        perSecond: container.cpuRequestCores * container.cpuUsageRatio,
        sinceMs: Date.parse(pod.createdAt),
      })),
    },
    {
      name: 'container_memory_working_set_bytes',
      help: 'Current working set of the container in bytes',
      type: 'gauge',
      samples: containers.map(({ pod, container }) => ({
        labels: labels(pod, container),
        value: Math.round(container.memoryRequestBytes * container.memoryUsageRatio),
      })),
    },
  ];
}

/** `kubernetes_build_info` of one control-plane component (apiserver, controller-manager, scheduler). */
export function buildInfoFamily(version: string): Family {
  const [major, minor] = version.replace(/^v/, '').split('.');
  return {
    name: 'kubernetes_build_info',
    help: "[ALPHA] A metric with a constant '1' value labeled by major, minor, git version, git commit, git tree state, build date, Go version, and compiler from which Kubernetes was built, and platform on which it is running.",
    type: 'gauge',
    samples: [
      {
        labels: {
          build_date: '2026-01-01T00:00:00Z',
          compiler: 'gc',
          git_commit: '0000000000000000000000000000000000000000',
          git_tree_state: 'clean',
          git_version: version,
          go_version: 'go1.22.2',
          major: major ?? '1',
          minor: minor ?? '0',
          platform: 'linux/amd64',
        },
        value: 1,
      },
    ],
  };
}

/** A node-exporter's identity series. */
export function nodeExporterFamilies(node: SimNode): Family[] {
  return [
    {
      name: 'node_uname_info',
      help: 'Labeled system information as provided by the uname system call.',
      type: 'gauge',
      samples: [
        {
          labels: {
            domainname: '(none)',
            machine: 'x86_64',
            nodename: node.name,
            release: node.kernelVersion,
            sysname: 'Linux',
            version: '#1 SMP PREEMPT_DYNAMIC Debian',
          },
          value: 1,
        },
      ],
    },
  ];
}
