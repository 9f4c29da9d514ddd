import type { MissingInput } from '../../shared/reports/common';
import type { ClusterCost, CostRow, CostSplit, FleetCost } from '../../shared/reports/cost';
import type { PriceProfile } from '../config/schema/reports';
import type { ClusterSnapshot, FleetSnapshot } from '../fleet/types';
import { CPU_COUNTER, cpuUsage, eachContainer, isGpu, MEMORY_USAGE_SERIES, usageByContainer, type Container } from './cost-containers';
import { nodeLabels, podWorkloads, seriesLookup, type SeriesLookup } from './inputs';
import { GIB, HOURS_PER_DAY, HOURS_PER_MONTH, nodeUnitPrices, storageGiBHour, type UnitPrices } from './prices';
import { clusterInputs, type ClusterMemo } from './memo';
import type { ReportSettings } from './settings';

/** A row under construction: cost split plus the sums efficiency needs. */
interface Acc {
  split: CostSplit;
  requestedCost: number;
  usedCost: number;
}

const emptySplit = (): CostSplit => ({ cpu: 0, memory: 0, gpu: 0, storage: 0, total: 0 });
const emptyAcc = (): Acc => ({ split: emptySplit(), requestedCost: 0, usedCost: 0 });

function addSplit(into: CostSplit, add: CostSplit): void {
  into.cpu += add.cpu;
  into.memory += add.memory;
  into.gpu += add.gpu;
  into.storage += add.storage;
  into.total += add.total;
}

function addAcc(into: Acc, add: Acc): void {
  addSplit(into.split, add.split);
  into.requestedCost += add.requestedCost;
  into.usedCost += add.usedCost;
}

function row(base: Pick<CostRow, 'cluster' | 'namespace' | 'workload'>, acc: Acc): CostRow {
  return {
    ...base,
    hourly: { ...acc.split },
    daily: acc.split.total * HOURS_PER_DAY,
    monthly: acc.split.total * HOURS_PER_MONTH,
    efficiency: acc.requestedCost > 0 ? acc.usedCost / acc.requestedCost : null,
  };
}

/** Adds one allocation to a row under construction. */
function charge(into: Acc, cpu: number, memory: number, gpu: number, storage: number, total: number, requestedCost: number, usedCost: number): void {
  const split = into.split;
  split.cpu += cpu;
  split.memory += memory;
  split.gpu += gpu;
  split.storage += storage;
  split.total += total;
  into.requestedCost += requestedCost;
  into.usedCost += usedCost;
}

/** Charges one container (max of request and usage per resource) to each of `rows`. */
function chargeContainer(c: Readonly<Container>, cpuUsage: number | null, memoryUsage: number | null, prices: UnitPrices, rows: readonly Acc[]): void {
  const cpu = Math.max(c.cpuRequest, cpuUsage ?? 0) * prices.cpuCoreHour;
  const memory = (Math.max(c.memoryRequest, memoryUsage ?? 0) / GIB) * prices.memoryGiBHour;
  const gpu = c.gpuRequest * prices.gpuHour;
  // Efficiency weighs only the resources whose usage is known.
  let requestedCost = 0;
  let usedCost = 0;
  if (cpuUsage !== null) {
    requestedCost += c.cpuRequest * prices.cpuCoreHour;
    usedCost += cpuUsage * prices.cpuCoreHour;
  }
  if (memoryUsage !== null) {
    requestedCost += (c.memoryRequest / GIB) * prices.memoryGiBHour;
    usedCost += (memoryUsage / GIB) * prices.memoryGiBHour;
  }
  const total = cpu + memory + gpu;
  for (const row of rows) charge(row, cpu, memory, gpu, 0, total, requestedCost, usedCost);
}

function nodeAssets(series: SeriesLookup, pricesOf: (node: string) => UnitPrices): { split: CostSplit; nodes: number } | null {
  const capacity = series.get('kube_node_status_capacity');
  if (!capacity) return null;
  const split = emptySplit();
  const nodes = new Set<string>();
  for (const s of capacity) {
    if (!Number.isFinite(s.value)) continue;
    const node = s.labels.node ?? '';
    const prices = pricesOf(node);
    const resource = s.labels.resource ?? '';
    nodes.add(node);
    if (resource === 'cpu') split.cpu += s.value * prices.cpuCoreHour;
    else if (resource === 'memory') split.memory += (s.value / GIB) * prices.memoryGiBHour;
    else if (isGpu(resource)) split.gpu += s.value * prices.gpuHour;
  }
  split.total = split.cpu + split.memory + split.gpu;
  return { split, nodes: nodes.size };
}

/** OpenCost-model cost of one cluster: assets, allocation by namespace and workload, idle and efficiency. */
export function clusterCost(cluster: ClusterSnapshot, now: number, settings: ReportSettings, previous?: ClusterSnapshot): ClusterCost {
  return costWithTotals(cluster, now, settings, previous).report;
}

/** A cluster's cost report and the sums the fleet roll-up adds (see fleetCost's memo). */
export interface CostWithTotals {
  report: ClusterCost;
  total: Acc;
}

function costWithTotals(cluster: ClusterSnapshot, now: number, settings: ReportSettings, previous: ClusterSnapshot | undefined): CostWithTotals {
  const profileName = settings.reports.cost.clusters[cluster.name] ?? settings.reports.cost.profile;
  const profile: PriceProfile | undefined = settings.tables.prices[profileName] ?? settings.tables.prices.default;
  if (!profile) throw new Error('report tables hold no "default" price profile'); // loadReportTables always adds it
  const series = seriesLookup(cluster, now);
  const missing: MissingInput[] = [];

  const labels = nodeLabels(cluster, series);
  if (profile.nodes.length > 0 && !labels.source) missing.push(series.missing('kube_node_labels', 'per-node price rules not applied: node labels unknown'));
  const priceCache = new Map<string, UnitPrices>();
  const pricesOf = (node: string) => {
    let p = priceCache.get(node);
    if (!p) priceCache.set(node, (p = nodeUnitPrices(profile, labels.byNode.get(node))));
    return p;
  };

  const cpu = cpuUsage(cluster, series, previous);
  const memoryUsage = series.has(MEMORY_USAGE_SERIES) ? series.derive('memoryUsage', [MEMORY_USAGE_SERIES], () => usageByContainer(series.get(MEMORY_USAGE_SERIES) ?? [])) : null;
  if (!cpu) {
    missing.push(
      series.has(CPU_COUNTER)
        ? { input: `rate(${CPU_COUNTER})`, effect: 'CPU cost uses requests only and efficiency leaves CPU out: the counter needs two scrapes to give a rate (or federate a rate recording rule)' }
        : series.missing(CPU_COUNTER, 'CPU cost uses requests only and efficiency leaves CPU out'),
    );
  }
  if (!memoryUsage) missing.push(series.missing(MEMORY_USAGE_SERIES, 'memory cost uses requests only and efficiency leaves memory out'));
  if (!series.has('kube_pod_container_resource_requests')) missing.push(series.missing('kube_pod_container_resource_requests', 'allocation uses usage only'));
  if (!series.has('kube_pod_status_phase')) missing.push(series.missing('kube_pod_status_phase', 'finished pods cannot be told apart and are counted'));

  const workloads = podWorkloads(series);
  // Rows by namespace, then workload within it: lookups by strings already made, none built per container.
  type WorkloadRow = { namespace: string; workload: string; acc: Acc; chargedTo: readonly [Acc, Acc, Acc] };
  const byNamespace = new Map<string, { acc: Acc; workloads: Map<string, WorkloadRow> }>();
  const workloadRows: WorkloadRow[] = [];
  const total = emptyAcc();
  const rowsOf = (namespace: string, workload: string): readonly [Acc, Acc, Acc] => {
    let ns = byNamespace.get(namespace);
    if (!ns) byNamespace.set(namespace, (ns = { acc: emptyAcc(), workloads: new Map() }));
    let w = ns.workloads.get(workload);
    if (!w) {
      const acc = emptyAcc();
      ns.workloads.set(workload, (w = { namespace, workload, acc, chargedTo: [total, ns.acc, acc] }));
      workloadRows.push(w);
    }
    return w.chargedTo;
  };
  const containerCount = eachContainer(series, cpu?.usage ?? null, memoryUsage, (c, cpuUsed, memoryUsed) =>
    chargeContainer(c, cpuUsed, memoryUsed, pricesOf(c.node), rowsOf(c.namespace, workloads.get(c.podKey) ?? `Pod/${c.pod}`)),
  );
  const pvcs = series.get('kube_persistentvolumeclaim_resource_requests_storage_bytes');
  const storagePrice = storageGiBHour(profile);
  for (const s of pvcs ?? []) {
    if (!Number.isFinite(s.value)) continue;
    const storage = (s.value / GIB) * storagePrice;
    for (const acc of rowsOf(s.labels.namespace ?? '', `PVC/${s.labels.persistentvolumeclaim ?? ''}`)) charge(acc, 0, 0, 0, storage, storage, 0, 0);
  }

  const nodes = nodeAssets(series, pricesOf);
  if (!nodes) missing.push(series.missing('kube_node_status_capacity', 'node (asset) cost and idle cost unknown'));
  let assets: ClusterCost['assets'] = null;
  if (nodes) {
    const pvCapacity = series.get('kube_persistentvolume_capacity_bytes');
    const storage = pvCapacity ? pvCapacity.reduce((sum, s) => sum + (Number.isFinite(s.value) ? (s.value / GIB) * storagePrice : 0), 0) : total.split.storage;
    const hourly = { ...nodes.split, storage, total: nodes.split.total + storage };
    assets = { hourly, nodes: nodes.nodes, daily: hourly.total * HOURS_PER_DAY, monthly: hourly.total * HOURS_PER_MONTH };
  }
  const hasAllocation = containerCount > 0 || (pvcs?.length ?? 0) > 0;
  const allocated = hasAllocation ? row({ cluster: cluster.name }, total) : null;
  let idle: CostSplit | null = null;
  if (assets && allocated) {
    const gap = (a: number, b: number) => Math.max(0, a - b);
    const cpu = gap(assets.hourly.cpu, allocated.hourly.cpu);
    const memory = gap(assets.hourly.memory, allocated.hourly.memory);
    const gpu = gap(assets.hourly.gpu, allocated.hourly.gpu);
    const storage = gap(assets.hourly.storage, allocated.hourly.storage);
    idle = { cpu, memory, gpu, storage, total: cpu + memory + gpu + storage };
  }
  const byCost = (a: CostRow, b: CostRow) => b.hourly.total - a.hourly.total;
  const report: ClusterCost = {
    cluster: cluster.name,
    labels: { ...cluster.labels },
    currency: profile.currency,
    profile: settings.tables.prices[profileName] ? profileName : 'default',
    assets,
    allocated,
    idle,
    namespaces: [...byNamespace].map(([namespace, ns]) => row({ cluster: cluster.name, namespace }, ns.acc)).sort(byCost),
    workloads: workloadRows.map((w) => row({ cluster: cluster.name, namespace: w.namespace, workload: w.workload }, w.acc)).sort(byCost),
    basis: { cpu: cpu ? 'max(request, usage)' : 'requests', memory: memoryUsage ? 'max(request, usage)' : 'requests' },
    missing,
  };
  return { report, total };
}

/**
 * Cost of every cluster and the fleet roll-up, per currency. With a `memo`,
 * a cluster whose inputs did not change since the last call is not computed
 * again.
 */
export function fleetCost(snapshot: FleetSnapshot, now: number, settings: ReportSettings, previous?: FleetSnapshot, memo?: ClusterMemo<CostWithTotals>): FleetCost {
  const earlier = new Map(previous?.clusters.map((c) => [c.name, c]));
  const computed = snapshot.clusters.map((c) => {
    const before = earlier.get(c.name);
    const compute = () => costWithTotals(c, now, settings, before);
    if (!memo) return compute();
    const inputs = clusterInputs(c, now);
    return memo.get(c.name, inputs && [...inputs, before?.prometheus ?? null, settings], compute);
  });
  const byCurrency = new Map<string, { clusters: number; incomplete: string[]; assets: CostSplit; allocated: Acc; idle: CostSplit }>();
  for (const { report: c, total } of computed) {
    let entry = byCurrency.get(c.currency);
    if (!entry) byCurrency.set(c.currency, (entry = { clusters: 0, incomplete: [], assets: emptySplit(), allocated: emptyAcc(), idle: emptySplit() }));
    if (!c.assets || !c.allocated || !c.idle) {
      entry.incomplete.push(c.cluster);
      continue;
    }
    entry.clusters++;
    addSplit(entry.assets, c.assets.hourly);
    addSplit(entry.idle, c.idle);
    addAcc(entry.allocated, total);
  }
  return {
    generatedAt: now,
    clusters: computed.map((c) => c.report),
    fleet: [...byCurrency].map(([currency, e]) => ({
      currency,
      clusters: e.clusters,
      incomplete: e.incomplete,
      assets: e.assets,
      allocated: e.allocated.split,
      idle: e.idle,
      daily: e.allocated.split.total * HOURS_PER_DAY,
      monthly: e.allocated.split.total * HOURS_PER_MONTH,
      efficiency: e.allocated.requestedCost > 0 ? e.allocated.usedCost / e.allocated.requestedCost : null,
    })),
  };
}
