/**
 * How long the three reports take on a large fleet, and how big their JSON is.
 * Default: 50 clusters × 20 nodes × 10 pods (≈ 130 k samples). Full size:
 *   BENCH_CLUSTERS=200 BENCH_NODES=50 BENCH_PODS=20 npm run bench -- reports
 * Prints figures; never fails because the machine is slow.
 */
import { performance } from 'node:perf_hooks';
import type { ClusterSnapshot, FleetSnapshot } from '../../server/fleet/types';
import type { Sample } from '../../server/fleet/series';
import { defaultReportsConfig } from '../../server/config/schema/reports';
import { fleetCost } from '../../server/reports/cost';
import { fleetHealth } from '../../server/reports/health';
import { renderReport } from '../../server/reports/render';
import { fleetSkew } from '../../server/reports/skew';
import { inventoriesOf } from '../helpers/inventory';
import { shippedTables } from '../helpers/report-settings';
import { scrapeOf } from '../helpers/scrape';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const NODES = Number(process.env.BENCH_NODES ?? 20);
const PODS = Number(process.env.BENCH_PODS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NOW = Date.parse('2026-11-21T10:00:00Z');

function cluster(index: number): ClusterSnapshot {
  const list: Sample[] = [];
  const add = (name: string, labels: Record<string, string>, value: number) => list.push({ name, labels, value, timestampMs: null });
  const name = `c${index}`;
  for (let n = 0; n < NODES; n++) {
    const node = `${name}-n${n}`;
    add(
      'kube_node_info',
      {
        node,
        kubelet_version: n === 0 && index % 7 === 0 ? 'v1.30.1' : 'v1.34.2',
        kubeproxy_version: 'v1.34.2',
        container_runtime_version: 'containerd://1.7.13',
        os_image: 'Ubuntu 22.04.4 LTS',
      },
      1,
    );
    for (const status of ['true', 'false', 'unknown']) add('kube_node_status_condition', { node, condition: 'Ready', status }, status === 'true' ? 1 : 0);
    add('kube_node_status_capacity', { node, resource: 'cpu', unit: 'core' }, 8);
    add('kube_node_status_capacity', { node, resource: 'memory', unit: 'byte' }, 32 * 1024 ** 3);
    add('kube_node_labels', { node, label_node_kubernetes_io_instance_type: 'm5.2xlarge' }, 1);
    for (let p = 0; p < PODS; p++) {
      const namespace = `ns${p % 5}`;
      const pod = `app${p % 3}-7d9fbc6b5d-${n}x${p}`;
      const container = `app${p % 3}`;
      for (const phase of ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'])
        add('kube_pod_status_phase', { namespace, pod, phase }, phase === 'Running' ? 1 : 0);
      add('kube_pod_info', { namespace, pod, node, created_by_kind: 'ReplicaSet', created_by_name: `app${p % 3}-7d9fbc6b5d` }, 1);
      add('kube_pod_container_info', { namespace, pod, container, image: `registry.example.com/app${p % 3}:1.${index % 3}.0` }, 1);
      add('kube_pod_container_resource_requests', { namespace, pod, container, node, resource: 'cpu', unit: 'core' }, 0.25);
      add('kube_pod_container_resource_requests', { namespace, pod, container, node, resource: 'memory', unit: 'byte' }, 512 * 1024 ** 2);
      add('kube_pod_container_status_restarts_total', { namespace, pod, container }, 0);
      add('container_memory_working_set_bytes', { namespace, pod, container }, 300 * 1024 ** 2);
      add('node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m', { namespace, pod, container, node }, 0.1);
    }
  }
  add('kubernetes_build_info', { job: 'apiserver', instance: 'a:6443', git_version: 'v1.34.2' }, 1);
  add('up', { job: 'kube-state-metrics', instance: 'ksm:8080' }, 1);
  const series = scrapeOf(list, { cluster: name });
  const samples = list.length;
  const prometheus = {
    lastAttempt: NOW - 5000,
    lastSuccess: NOW - 5000,
    lastDurationMs: 40,
    error: null,
    failures: {},
    series,
    sampleCount: samples,
    bytes: 0,
    duplicates: 0,
    staleAfterMs: 300_000,
  };
  return { name, labels: { env: index % 2 ? 'prod' : 'dev' }, prometheus, kubernetes: null };
}

const reports = defaultReportsConfig();
const tables = shippedTables(reports);
if (!tables.ok) throw new Error(tables.problems.join('\n'));
const settings = { reports, tables: tables.tables };
const snapshot: FleetSnapshot = { clusters: Array.from({ length: CLUSTERS }, (_, i) => cluster(i)) };
const samples = snapshot.clusters.reduce((n, c) => n + (c.prometheus?.sampleCount ?? 0), 0);
console.log(`fleet: ${CLUSTERS} clusters × ${NODES} nodes × ${PODS} pods/node = ${samples.toLocaleString('en')} samples`);

function time(label: string, run: () => unknown): void {
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = run();
    times.push(performance.now() - start);
    size = typeof result === 'string' ? result.length : JSON.stringify(result).length;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `${label.padEnd(22)} median ${median.toFixed(1).padStart(8)} ms  (min ${(times[0] ?? 0).toFixed(1)}, ${RUNS} runs)  output ${(size / 1024).toFixed(0)} KiB`,
  );
}

// Each run reads the fleet's inventory afresh (nothing kept), as the report command does.
const inventories = () => inventoriesOf(snapshot, NOW);
time('health (JSON)', () => fleetHealth(inventories(), NOW, reports.health));
time('cost (JSON)', () => fleetCost(inventories(), NOW, settings));
time('skew (JSON)', () => fleetSkew(inventories(), NOW, settings));
time('cost as CSV', () => renderReport({ kind: 'cost', format: 'csv', report: fleetCost(inventories(), NOW, settings), now: NOW }).body);
time('skew as Markdown', () => renderReport({ kind: 'skew', format: 'md', report: fleetSkew(inventories(), NOW, settings), now: NOW }).body);
const heap = process.memoryUsage().heapUsed / 1024 ** 2;
console.log(`heap used after the runs: ${heap.toFixed(0)} MiB`);
