import type { SimClusterModel } from './model';

type Labels = Record<string, string>;

/** A metric family declared as data, as kube-state-metrics does: name, help, type and its samples. */
interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: Array<{ labels: Labels; value: number }>;
}

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** kube-state-metrics' families for the model (names and labels as KSM v2 exposes them). */
function families(model: SimClusterModel): Family[] {
  const nodeInfo = model.nodes.map((n) => ({
    labels: {
      node: n.name,
      kernel_version: '6.1.0-18-cloud-amd64',
      os_image: 'Ubuntu 22.04.4 LTS',
      container_runtime_version: 'containerd://1.7.13',
      kubelet_version: n.kubeletVersion,
      kubeproxy_version: n.kubeletVersion,
      pod_cidr: n.podCIDR,
      provider_id: `sim://${model.spec.name}/${n.name}`,
      system_uuid: n.uid,
    },
    value: 1,
  }));
  const conditions = model.nodes.flatMap((n) =>
    ['true', 'false', 'unknown'].map((status) => ({
      labels: { node: n.name, condition: 'Ready', status },
      value: (status === 'true') === n.ready && status !== 'unknown' ? 1 : 0,
    })),
  );
  const resources = (kind: 'capacity' | 'allocatable') =>
    model.nodes.flatMap((n) => [
      { labels: { node: n.name, resource: 'cpu', unit: 'core' }, value: kind === 'capacity' ? n.cpuCores : n.cpuCores - 0.1 },
      { labels: { node: n.name, resource: 'memory', unit: 'byte' }, value: kind === 'capacity' ? n.memoryBytes : n.memoryBytes - 512 * 1024 ** 2 },
      { labels: { node: n.name, resource: 'pods', unit: 'integer' }, value: 110 },
    ]);
  const podPhase = model.pods.flatMap((p) =>
    ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].map((phase) => ({
      labels: { namespace: p.namespace, pod: p.name, uid: p.uid, phase },
      value: phase === p.phase ? 1 : 0,
    })),
  );
  const containers = model.pods.flatMap((p) => p.containers.map((c) => ({ pod: p, container: c })));
  return [
    { name: 'kube_node_info', help: 'Information about a cluster node.', type: 'gauge', samples: nodeInfo },
    { name: 'kube_node_labels', help: 'Kubernetes labels converted to Prometheus labels.', type: 'gauge', samples: model.nodes.map((n) => ({ labels: { node: n.name, label_node_kubernetes_io_instance_type: n.instanceType, label_topology_kubernetes_io_zone: n.zone }, value: 1 })) },
    { name: 'kube_node_status_condition', help: 'The condition of a cluster node.', type: 'gauge', samples: conditions },
    { name: 'kube_node_status_capacity', help: 'The capacity for different resources of a node.', type: 'gauge', samples: resources('capacity') },
    { name: 'kube_node_status_allocatable', help: 'The allocatable for different resources of a node that are available for scheduling.', type: 'gauge', samples: resources('allocatable') },
    { name: 'kube_pod_info', help: 'Information about pod.', type: 'gauge', samples: model.pods.map((p) => ({ labels: { namespace: p.namespace, pod: p.name, uid: p.uid, node: p.node, created_by_kind: 'ReplicaSet', created_by_name: p.workload }, value: 1 })) },
    { name: 'kube_pod_status_phase', help: 'The pods current phase.', type: 'gauge', samples: podPhase },
    { name: 'kube_pod_container_info', help: 'Information about a container in a pod.', type: 'gauge', samples: containers.map(({ pod, container }) => ({ labels: { namespace: pod.namespace, pod: pod.name, uid: pod.uid, container: container.name, image_spec: container.image, image: container.image, image_id: '', container_id: '' }, value: 1 })) },
    { name: 'kube_pod_container_resource_requests', help: 'The number of requested request resource by a container.', type: 'gauge', samples: containers.flatMap(({ pod, container }) => [
      { labels: { namespace: pod.namespace, pod: pod.name, uid: pod.uid, container: container.name, node: pod.node, resource: 'cpu', unit: 'core' }, value: container.cpuRequestCores },
      { labels: { namespace: pod.namespace, pod: pod.name, uid: pod.uid, container: container.name, node: pod.node, resource: 'memory', unit: 'byte' }, value: container.memoryRequestBytes },
    ]) },
    { name: 'kube_pod_container_status_restarts_total', help: 'The number of container restarts per container.', type: 'counter', samples: containers.map(({ pod, container }) => ({ labels: { namespace: pod.namespace, pod: pod.name, uid: pod.uid, container: container.name }, value: container.restarts })) },
  ];
}

/** The cluster's /metrics as kube-state-metrics would expose it (text format 0.0.4). */
export function renderMetrics(model: SimClusterModel): string {
  const out: string[] = [];
  for (const family of families(model)) {
    out.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const s of family.samples) out.push(`${family.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The cluster's /federate as a Prometheus with `external_labels: {cluster: NAME}`
 * that scrapes kube-state-metrics answers it: untyped families, job and
 * instance labels, the external label last, millisecond timestamps.
 */
export function renderFederate(model: SimClusterModel, options: { nowMs: number; clusterLabel?: string }): string {
  const clusterLabel = options.clusterLabel ?? 'cluster';
  const target = { instance: 'kube-state-metrics:8080', job: 'kube-state-metrics' };
  const out: string[] = [];
  const all: Family[] = [...families(model), { name: 'up', help: '', type: 'gauge', samples: [{ labels: {}, value: 1 }] }];
  for (const family of all.sort((a, b) => a.name.localeCompare(b.name))) {
    out.push(`# TYPE ${family.name} untyped`);
    for (const s of family.samples) {
      const labels = { ...s.labels, ...target, [clusterLabel]: model.spec.name };
      out.push(`${family.name}${formatLabels(labels)} ${formatValue(s.value)} ${options.nowMs}`);
    }
  }
  return `${out.join('\n')}\n`;
}
