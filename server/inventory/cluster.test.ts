import { describe, expect, it } from 'vitest';
import { inventoryOf } from '../../test/helpers/inventory';
import { scrapeOfText } from '../../test/helpers/scrape';
import type { NodeInfo } from '../../shared/nodes';
import type { ClusterSnapshot } from '../fleet/types';
import { NO_WATCH_TROUBLE } from '../fleet/watches';

const NOW = 1_795_254_600_000;
const MIN = 60_000;

const KSM = `kube_node_info{node="n1",kubelet_version="v1.34.2",kubeproxy_version="v1.34.2",container_runtime_version="containerd://1.7.13",os_image="Ubuntu 22.04.4 LTS",pod_cidr="10.244.1.0/24"} 1
kube_node_status_condition{node="n1",condition="Ready",status="true"} 0
kube_node_status_condition{node="n1",condition="Ready",status="false"} 1
kube_node_status_condition{node="n1",condition="DiskPressure",status="true"} 1
kube_node_status_allocatable{node="n1",resource="cpu",unit="core"} 3.5
kube_node_status_allocatable{node="n1",resource="memory",unit="byte"} 7e9
kube_pod_info{namespace="shop",pod="api-7d9f8b6c5d-x1",node="n1",created_by_kind="ReplicaSet",created_by_name="api-7d9f8b6c5d"} 1
kube_pod_info{namespace="shop",pod="backup-28930000-abcde",node="n1",created_by_kind="Job",created_by_name="backup-28930000"} 1
kube_replicaset_owner{namespace="shop",replicaset="api-7d9f8b6c5d",owner_kind="Deployment",owner_name="api"} 1
kube_job_owner{namespace="shop",job_name="backup-28930000",owner_kind="CronJob",owner_name="backup"} 1
`;

const watched: NodeInfo = {
  name: 'n1',
  ready: true,
  problemConditions: [],
  kubeletVersion: 'v1.35.0',
  kubeProxyVersion: 'v1.35.0',
  containerRuntimeVersion: 'containerd://2.0.5',
  osImage: 'Bottlerocket OS 1.34.0',
  kernelVersion: '6.1.0',
  podCIDR: '10.244.9.0/24',
  labels: { 'node.kubernetes.io/instance-type': 'm5.xlarge' },
};

/** A cluster whose Prometheus last succeeded `promAgo` and whose API last succeeded `kubeAgo` before NOW. */
function cluster(promAgo: number, kubeAgo: number): ClusterSnapshot {
  const source = (ago: number) => ({ lastAttempt: NOW - ago, lastSuccess: NOW - ago, lastDurationMs: 10, error: null, failures: {} });
  return {
    name: 'c1',
    labels: {},
    prometheus: { ...source(promAgo), series: scrapeOfText(KSM, { cluster: 'c1' }), sampleCount: 0, bytes: 0, duplicates: 0, staleAfterMs: 5 * MIN },
    kubernetes: { ...source(kubeAgo), version: null, nodes: [watched], events: [], watches: NO_WATCH_TROUBLE },
  };
}

describe('the nodes of a cluster', () => {
  it('come from the node watch while the API is fresh', () => {
    const nodes = inventoryOf(cluster(MIN, MIN), NOW).nodes;
    expect(nodes).toMatchObject({ source: 'kubernetes-api', fresh: true });
    expect(nodes?.items[0]).toMatchObject({ name: 'n1', ready: true, podCIDRs: ['10.244.9.0/24'], versions: { kubelet: 'v1.35.0' } });
    expect(nodes?.items[0]?.labels).toMatchObject({ 'node.kubernetes.io/instance-type': 'm5.xlarge', label_node_kubernetes_io_instance_type: 'm5.xlarge' });
  });

  it('come from kube-state-metrics when the watch is stale and the federated series are not', () => {
    const nodes = inventoryOf(cluster(MIN, 10 * MIN), NOW).nodes;
    expect(nodes).toMatchObject({ source: 'kube-state-metrics', fresh: true, conditionsKnown: true, versionsKnown: true, labelsKnown: false });
    expect(nodes?.items).toEqual([
      {
        name: 'n1',
        ready: false,
        problems: ['DiskPressure'],
        podCIDRs: ['10.244.1.0/24'],
        labels: {},
        versions: { kubelet: 'v1.34.2', kubeProxy: 'v1.34.2', containerRuntime: 'containerd://1.7.13', osImage: 'Ubuntu 22.04.4 LTS' },
      },
    ]);
  });

  it('are the watch’s last list, marked not fresh, when both are stale', () => {
    expect(inventoryOf(cluster(10 * MIN, 10 * MIN), NOW).nodes).toMatchObject({ source: 'kubernetes-api', fresh: false });
  });

  it('offer what kube_node_status_allocatable says', () => {
    expect(inventoryOf(cluster(MIN, MIN), NOW).allocatable).toEqual([
      { node: 'n1', resource: 'cpu', value: 3.5 },
      { node: 'n1', resource: 'memory', value: 7e9 },
    ]);
  });
});

describe('the workload of a pod', () => {
  it('follows the owner chain: ReplicaSet to Deployment, Job to CronJob', () => {
    const workloads = inventoryOf(cluster(MIN, MIN), NOW).workloads;
    expect(workloads.of('shop/api-7d9f8b6c5d-x1')).toBe('Deployment/api');
    expect(workloads.of('shop/backup-28930000-abcde')).toBe('CronJob/backup');
    expect(workloads.of('shop/unknown')).toBeUndefined();
  });

  it('is unknown, like every series-based part, once the federated series are stale', () => {
    const stale = inventoryOf(cluster(10 * MIN, MIN), NOW);
    expect(stale.workloads.of('shop/api-7d9f8b6c5d-x1')).toBeUndefined();
    expect(stale.allocatable).toBeNull();
    expect(stale.missing('kube_pod_info', 'owners unknown')).toEqual({
      input: 'kube_pod_info',
      effect: 'owners unknown (Prometheus data 10m old, stale after 5m)',
    });
  });
});
