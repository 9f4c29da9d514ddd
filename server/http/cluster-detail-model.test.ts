import { describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../../shared/health';
import type { NodeInfo } from '../../shared/nodes';
import type { ClusterSnapshot, KubernetesState, PrometheusState } from '../fleet/types';
import { NO_WATCH_TROUBLE } from '../fleet/watches';
import { inventoryOf } from '../../test/helpers/inventory';
import { scrapeOfText } from '../../test/helpers/scrape';
import { clusterDetail } from './cluster-detail-model';

const NOW = 1_795_254_600_000;

const source = { lastAttempt: NOW - 1000, lastSuccess: NOW - 1000, lastDurationMs: 20, error: null, failures: {} };
const prometheus = (text: string): PrometheusState => ({
  ...source,
  series: scrapeOfText(text.trim().replace(/^ +/gm, '') + '\n'),
  sampleCount: 0,
  bytes: 0,
  duplicates: 0,
  staleAfterMs: 300_000,
});
const kubernetes = (nodes: NodeInfo[] | null): KubernetesState => ({ ...source, version: null, nodes, events: [], watches: NO_WATCH_TROUBLE });
const node = (name: string, ready: boolean, problemConditions: string[] = []): NodeInfo => ({
  name,
  ready,
  problemConditions,
  kubeletVersion: 'v1.30.6',
  kubeProxyVersion: 'v1.30.6',
  containerRuntimeVersion: 'containerd://1.7.13',
  osImage: 'Ubuntu 22.04.4 LTS',
  kernelVersion: '6.5.0',
  podCIDR: null,
  labels: {},
});
const health = (cluster: string): ClusterHealth =>
  ({
    cluster,
    labels: {},
    status: 'degraded',
    reasons: [],
    nodes: null,
    version: null,
    dataAgeMs: 1000,
    prometheus: { ok: true, lastSuccess: NOW - 1000, error: null },
    kubernetes: { ok: true, lastSuccess: NOW - 1000, error: null },
  }) as const satisfies ClusterHealth;

const KSM = `
kube_node_info{node="ip-10-0-1-1",kubelet_version="v1.29.4",os_image="Bottlerocket OS 1.19.2",container_runtime_version="containerd://1.6.28"} 1
kube_node_info{node="ip-10-0-1-2",kubelet_version="v1.30.6",os_image="Bottlerocket OS 1.19.2",container_runtime_version="containerd://1.6.28"} 1
kube_node_status_condition{node="ip-10-0-1-1",condition="Ready",status="true"} 1
kube_node_status_condition{node="ip-10-0-1-1",condition="Ready",status="false"} 0
kube_node_status_condition{node="ip-10-0-1-1",condition="DiskPressure",status="true"} 0
kube_node_status_condition{node="ip-10-0-1-2",condition="Ready",status="true"} 0
kube_node_status_condition{node="ip-10-0-1-2",condition="Ready",status="unknown"} 1
kube_node_status_condition{node="ip-10-0-1-2",condition="MemoryPressure",status="true"} 1
kube_pod_status_phase{namespace="payments",pod="api-7d9f8b6c5-x2k4p",phase="Running"} 1
kube_pod_status_phase{namespace="payments",pod="worker-5c8d7b9f4-q8z2m",phase="Pending"} 1
kube_pod_status_phase{namespace="batch",pod="nightly-28471530-abcde",phase="Failed"} 1
kube_pod_status_phase{namespace="web",pod="front-6b7c8d9f5-m2n4p",phase="Pending"} 1
kube_pod_status_phase{namespace="web",pod="front-6b7c8d9f5-m2n4p",phase="Running"} 0
kube_pod_container_status_waiting_reason{namespace="payments",pod="api-7d9f8b6c5-x2k4p",container="api",reason="CrashLoopBackOff"} 1
kube_pod_container_status_waiting_reason{namespace="payments",pod="worker-5c8d7b9f4-q8z2m",container="worker",reason="ImagePullBackOff"} 1
kube_pod_container_status_waiting_reason{namespace="web",pod="front-6b7c8d9f5-m2n4p",container="nginx",reason="ContainerCreating"} 0
kube_pod_container_status_restarts_total{namespace="payments",pod="api-7d9f8b6c5-x2k4p",container="api"} 42
kube_pod_container_status_restarts_total{namespace="payments",pod="worker-5c8d7b9f4-q8z2m",container="worker"} 0
`;

describe('cluster detail: nodes and failing pods', () => {
  it('lists the watched nodes when the node watch has them, NotReady first', () => {
    const cluster: ClusterSnapshot = {
      name: 'prod-us',
      labels: {},
      prometheus: prometheus(KSM),
      kubernetes: kubernetes([node('b', true), node('a', false, ['DiskPressure']), node('c', true)]),
    };
    const detail = clusterDetail(inventoryOf(cluster, NOW), health('prod-us'), NOW);
    expect(detail.nodes.source).toBe('kubernetes-api');
    expect(detail.nodes.note).toBeNull();
    expect(detail.nodes.items.map((n) => `${n.name} ${n.ready ? 'Ready' : 'NotReady'} ${n.problems.join(',')}`)).toEqual([
      'a NotReady DiskPressure',
      'b Ready ',
      'c Ready ',
    ]);
    expect(detail.nodes.items[0]).toMatchObject({ kubeletVersion: 'v1.30.6', containerRuntime: 'containerd://1.7.13', osImage: 'Ubuntu 22.04.4 LTS' });
    expect(detail.health.cluster).toBe('prod-us');
  });

  it('says when the watched list is old because the Kubernetes API is failing', () => {
    const failing: KubernetesState = {
      ...kubernetes([node('a', true)]),
      lastSuccess: NOW - 180_000,
      error: { kind: 'timeout', message: 'timed out', since: NOW - 170_000 },
    };
    const cluster: ClusterSnapshot = { name: 'prod-us', labels: {}, prometheus: prometheus(KSM), kubernetes: failing };
    const { nodes } = clusterDetail(inventoryOf(cluster, NOW), health('prod-us'), NOW);
    expect(nodes.source).toBe('kubernetes-api');
    expect(nodes.note).toBe('As last listed 3m ago: the Kubernetes API is failing (timeout).');
  });

  it('falls back to kube-state-metrics without a node watch and says so', () => {
    const cluster: ClusterSnapshot = { name: 'edge', labels: {}, prometheus: prometheus(KSM), kubernetes: null };
    const { nodes } = clusterDetail(inventoryOf(cluster, NOW), health('edge'), NOW);
    expect(nodes.source).toBe('kube-state-metrics');
    expect(nodes.items).toEqual([
      {
        name: 'ip-10-0-1-2',
        ready: false,
        problems: ['MemoryPressure'],
        kubeletVersion: 'v1.30.6',
        containerRuntime: 'containerd://1.6.28',
        osImage: 'Bottlerocket OS 1.19.2',
      },
      { name: 'ip-10-0-1-1', ready: true, problems: [], kubeletVersion: 'v1.29.4', containerRuntime: 'containerd://1.6.28', osImage: 'Bottlerocket OS 1.19.2' },
    ]);
  });

  it('lists waiting containers with restarts, then Failed and Pending pods, most urgent first', () => {
    const cluster: ClusterSnapshot = { name: 'prod-us', labels: {}, prometheus: prometheus(KSM), kubernetes: null };
    const pods = clusterDetail(inventoryOf(cluster, NOW), health('prod-us'), NOW).failingPods;
    expect(pods.source).toBe('kube-state-metrics');
    expect(pods.total).toBe(4);
    expect(pods.items).toEqual([
      { namespace: 'payments', pod: 'api-7d9f8b6c5-x2k4p', container: 'api', reason: 'CrashLoopBackOff', restarts: 42 },
      { namespace: 'payments', pod: 'worker-5c8d7b9f4-q8z2m', container: 'worker', reason: 'ImagePullBackOff', restarts: 0 },
      { namespace: 'batch', pod: 'nightly-28471530-abcde', container: null, reason: 'Failed', restarts: null },
      { namespace: 'web', pod: 'front-6b7c8d9f5-m2n4p', container: null, reason: 'Pending', restarts: null },
    ]);
  });

  it('says why there is nothing to list instead of showing an empty, healthy-looking table', () => {
    const stale: PrometheusState = { ...prometheus(KSM), lastSuccess: NOW - 600_000 };
    const cluster: ClusterSnapshot = { name: 'frozen', labels: {}, prometheus: stale, kubernetes: kubernetes(null) };
    const detail = clusterDetail(inventoryOf(cluster, NOW), health('frozen'), NOW);
    expect(detail.nodes).toEqual({
      source: null,
      items: [],
      note: 'No node list: the node watch has not listed the nodes yet, and nodes not listed (Prometheus data 10m old, stale after 5m).',
    });
    expect(detail.failingPods).toMatchObject({ source: null, total: 0, items: [] });
    expect(detail.failingPods.note).toContain('Prometheus data 10m old');
  });

  it('names the missing input when only part of kube-state-metrics is federated', () => {
    const cluster: ClusterSnapshot = {
      name: 'partial',
      labels: {},
      prometheus: prometheus('kube_pod_container_status_waiting_reason{namespace="a",pod="p",container="c",reason="ErrImagePull"} 1'),
      kubernetes: null,
    };
    const detail = clusterDetail(inventoryOf(cluster, NOW), health('partial'), NOW);
    expect(detail.failingPods.items).toEqual([{ namespace: 'a', pod: 'p', container: 'c', reason: 'ErrImagePull', restarts: null }]);
    expect(detail.failingPods.note).toBe('Pending and Failed pods not checked: phases unknown (not in the federated series).');
    expect(detail.nodes.source).toBeNull();
    expect(detail.nodes.note).toBe('No node list: no Kubernetes API configured, and nodes not listed (not in the federated series).');
  });
});
