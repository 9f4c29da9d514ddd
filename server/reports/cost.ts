import type { MissingInput, WorkloadBasis } from '../../shared/reports/common';
import type { ClusterCost, CostReconciliation, CostRow, CostSplit, FleetCost } from '../../shared/reports/cost';
import type { PriceProfile } from '../config/schema/reports';
import { isGpu, METRICS } from '../inventory/metrics';
import { weakerBasis } from '../inventory/pods';
import type { ClusterInventory, Container, NodeResource } from '../inventory/types';
import { GIB, HOURS_PER_DAY, HOURS_PER_MONTH, nodeUnitPrices, storageGiBHour, type UnitPrices } from './prices';
import type { ClusterMemo } from './memo';
import type { ReportSettings } from './settings';

/** A row under construction: cost split plus the sums efficiency needs. */
export interface Acc {
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

function row(base: Pick<CostRow, 'cluster' | 'namespace' | 'workload' | 'workloadBasis'>, acc: Acc): CostRow {
  return {
    ...base,
    hourly: { ...acc.split },
    daily: acc.split.total * HOURS_PER_DAY,
    monthly: acc.split.total * HOURS_PER_MONTH,
    efficiency: acc.requestedCost > 0 ? acc.usedCost / acc.requestedCost : null,
  };
}

/**
 * One allocation (a container or a claim) charged to rows: its hourly cost
 * split, and the request and usage costs efficiency compares. One object per
 * charge, reused: a cluster charges every container every scrape.
 */
interface Charge extends CostSplit {
  requestedCost: number;
  usedCost: number;
}

/** Adds one allocation to a row under construction. */
function charge(into: Acc, add: Readonly<Charge>): void {
  addSplit(into.split, add);
  into.requestedCost += add.requestedCost;
  into.usedCost += add.usedCost;
}

/** Prices one container (max of request and usage per resource) into `out`. */
function priceContainer(c: Container, cpuUsage: number | null, memoryUsage: number | null, prices: UnitPrices, out: Charge): Charge {
  out.cpu = Math.max(c.cpuRequest, cpuUsage ?? 0) * prices.cpuCoreHour;
  out.memory = (Math.max(c.memoryRequest, memoryUsage ?? 0) / GIB) * prices.memoryGiBHour;
  out.gpu = c.gpuRequest * prices.gpuHour;
  out.storage = 0;
  // Efficiency weighs only the resources whose usage is known.
  out.requestedCost = 0;
  out.usedCost = 0;
  if (cpuUsage !== null) {
    out.requestedCost += c.cpuRequest * prices.cpuCoreHour;
    out.usedCost += cpuUsage * prices.cpuCoreHour;
  }
  if (memoryUsage !== null) {
    out.requestedCost += (c.memoryRequest / GIB) * prices.memoryGiBHour;
    out.usedCost += (memoryUsage / GIB) * prices.memoryGiBHour;
  }
  out.total = out.cpu + out.memory + out.gpu;
  return out;
}

const emptyCharge = (): Charge => ({ ...emptySplit(), requestedCost: 0, usedCost: 0 });

function nodeAssets(capacity: readonly NodeResource[], pricesOf: (node: string) => UnitPrices): { split: CostSplit; nodes: number } {
  const split = emptySplit();
  const nodes = new Set<string>();
  for (const { node, resource, value } of capacity) {
    const prices = pricesOf(node);
    nodes.add(node);
    if (resource === 'cpu') split.cpu += value * prices.cpuCoreHour;
    else if (resource === 'memory') split.memory += (value / GIB) * prices.memoryGiBHour;
    else if (isGpu(resource)) split.gpu += value * prices.gpuHour;
  }
  split.total = split.cpu + split.memory + split.gpu;
  return { split, nodes: nodes.size };
}

/** Node cost per month as allocated + idle (idle is what the nodes cost beyond the allocation, so the two always add up). */
function reconcile(nodeHourly: number, allocatedHourly: number): CostReconciliation {
  const nodeMonthly = nodeHourly * HOURS_PER_MONTH;
  const allocatedMonthly = allocatedHourly * HOURS_PER_MONTH;
  const idleMonthly = nodeMonthly - allocatedMonthly;
  const share = (part: number) => (nodeMonthly > 0 ? part / nodeMonthly : null);
  return { nodeMonthly, allocatedMonthly, idleMonthly, allocatedShare: share(allocatedMonthly), idleShare: share(idleMonthly) };
}

/** OpenCost-model cost of one cluster: assets, allocation by namespace and workload, idle and efficiency. */
export function clusterCost(inventory: ClusterInventory, settings: ReportSettings): ClusterCost {
  return costWithTotals(inventory, settings).report;
}

/** A cluster's cost report and the sums the fleet roll-up adds: its part of the fleet cost (costOfParts). Plain JSON data. */
export interface CostWithTotals {
  report: ClusterCost;
  total: Acc;
}

/** One cluster's part of the fleet cost: its report and the sums the roll-up adds. */
export function costWithTotals(inventory: ClusterInventory, settings: ReportSettings): CostWithTotals {
  const cluster = inventory.cluster;
  const profileName = settings.reports.cost.clusters[cluster] ?? settings.reports.cost.profile;
  const profile: PriceProfile | undefined = settings.tables.prices[profileName] ?? settings.tables.prices.default;
  if (!profile) throw new Error('report tables hold no "default" price profile'); // loadReportTables always adds it
  const missing: MissingInput[] = [];

  const nodes = inventory.nodes;
  if (profile.nodes.length > 0 && !nodes?.labelsKnown)
    missing.push(inventory.missing(METRICS.nodeLabels, 'per-node price rules not applied: node labels unknown'));
  const labelsOf = new Map(nodes?.items.map((n) => [n.name, n.labels]));
  const priceCache = new Map<string, UnitPrices>();
  const pricesOf = (node: string) => {
    let p = priceCache.get(node);
    if (!p) priceCache.set(node, (p = nodeUnitPrices(profile, labelsOf.get(node))));
    return p;
  };

  const containers = inventory.containers;
  if (!containers.cpuUsageSource) {
    missing.push(
      inventory.federates(METRICS.cpuCounter)
        ? {
            input: `rate(${METRICS.cpuCounter})`,
            effect:
              'CPU cost uses requests only and efficiency leaves CPU out: the counter needs two scrapes to give a rate (or federate a rate recording rule)',
          }
        : inventory.missing(METRICS.cpuCounter, 'CPU cost uses requests only and efficiency leaves CPU out'),
    );
  }
  if (!containers.memoryUsageKnown) missing.push(inventory.missing(METRICS.memoryUsage, 'memory cost uses requests only and efficiency leaves memory out'));
  if (!inventory.federates(METRICS.containerRequests)) missing.push(inventory.missing(METRICS.containerRequests, 'allocation uses usage only'));
  if (!inventory.federates(METRICS.podPhase)) missing.push(inventory.missing(METRICS.podPhase, 'finished pods cannot be told apart and are counted'));

  const workloads = inventory.workloads;
  // Rows by namespace, then workload within it: lookups by strings already made, none built per container.
  type WorkloadRow = { namespace: string; workload: string; basis: WorkloadBasis | undefined; acc: Acc; chargedTo: readonly [Acc, Acc, Acc] };
  const byNamespace = new Map<string, { acc: Acc; workloads: Map<string, WorkloadRow> }>();
  const workloadRows: WorkloadRow[] = [];
  const total = emptyAcc();
  const rowsOf = (namespace: string, workload: string, basis: WorkloadBasis | undefined): readonly [Acc, Acc, Acc] => {
    let ns = byNamespace.get(namespace);
    if (!ns) byNamespace.set(namespace, (ns = { acc: emptyAcc(), workloads: new Map() }));
    let w = ns.workloads.get(workload);
    if (!w) {
      const acc = emptyAcc();
      ns.workloads.set(workload, (w = { namespace, workload, basis, acc, chargedTo: [total, ns.acc, acc] }));
      workloadRows.push(w);
    } else if (basis && w.basis !== basis) w.basis = weakerBasis(w.basis, basis);
    return w.chargedTo;
  };
  const priced = emptyCharge();
  const containerCount = containers.forEach((c, cpuUsed, memoryUsed) => {
    priceContainer(c, cpuUsed, memoryUsed, pricesOf(c.node), priced);
    const { workload, basis } = workloads.resolve(c.namespace, c.pod);
    for (const acc of rowsOf(c.namespace, workload, basis)) charge(acc, priced);
  });
  const { claims, volumes } = inventory.storage;
  const storagePrice = storageGiBHour(profile);
  const claimed = emptyCharge();
  for (const claim of claims ?? []) {
    if (!Number.isFinite(claim.bytes)) continue;
    claimed.storage = claimed.total = (claim.bytes / GIB) * storagePrice;
    for (const acc of rowsOf(claim.namespace, `PVC/${claim.claim}`, undefined)) charge(acc, claimed);
  }

  const capacity = inventory.capacity;
  if (!capacity) missing.push(inventory.missing(METRICS.nodeCapacity, 'node (asset) cost and idle cost unknown'));
  let assets: ClusterCost['assets'] = null;
  if (capacity) {
    const node = nodeAssets(capacity, pricesOf);
    const storage = volumes ? volumes.reduce((sum, bytes) => sum + (Number.isFinite(bytes) ? (bytes / GIB) * storagePrice : 0), 0) : total.split.storage;
    const hourly = { ...node.split, storage, total: node.split.total + storage };
    assets = { hourly, nodes: node.nodes, daily: hourly.total * HOURS_PER_DAY, monthly: hourly.total * HOURS_PER_MONTH };
  }
  const hasAllocation = containerCount > 0 || (claims?.length ?? 0) > 0;
  const allocated = hasAllocation ? row({ cluster }, total) : null;
  let idle: CostSplit | null = null;
  if (assets && allocated) {
    // Not clamped at 0: allocated + idle is the node cost, so every report reconciles to it.
    const cpu = assets.hourly.cpu - allocated.hourly.cpu;
    const memory = assets.hourly.memory - allocated.hourly.memory;
    const gpu = assets.hourly.gpu - allocated.hourly.gpu;
    const storage = assets.hourly.storage - allocated.hourly.storage;
    idle = { cpu, memory, gpu, storage, total: cpu + memory + gpu + storage };
  }
  const byCost = (a: CostRow, b: CostRow) => b.hourly.total - a.hourly.total;
  const report: ClusterCost = {
    cluster,
    labels: { ...inventory.labels },
    currency: profile.currency,
    profile: settings.tables.prices[profileName] ? profileName : 'default',
    assets,
    allocated,
    idle,
    reconciliation: assets && allocated ? reconcile(assets.hourly.total, allocated.hourly.total) : null,
    namespaces: [...byNamespace].map(([namespace, ns]) => row({ cluster, namespace }, ns.acc)).sort(byCost),
    workloads: workloadRows
      .map((w) => row({ cluster, namespace: w.namespace, workload: w.workload, ...(w.basis && { workloadBasis: w.basis }) }, w.acc))
      .sort(byCost),
    basis: { cpu: containers.cpuUsageSource ? 'max(request, usage)' : 'requests', memory: containers.memoryUsageKnown ? 'max(request, usage)' : 'requests' },
    missing,
  };
  return { report, total };
}

/** The fleet cost from each cluster's part (costWithTotals): the clusters in order and the roll-up per currency. Pure. */
export function costOfParts(parts: readonly CostWithTotals[], now: number): FleetCost {
  const byCurrency = new Map<string, { clusters: number; incomplete: string[]; assets: CostSplit; allocated: Acc; idle: CostSplit }>();
  for (const { report: c, total } of parts) {
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
    clusters: parts.map((c) => c.report),
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
      reconciliation: reconcile(e.assets.total, e.allocated.split.total),
    })),
  };
}

/**
 * Cost of every cluster and the fleet roll-up, per currency. With a `memo`,
 * a cluster whose inventory's inputs did not change since the last call is
 * not computed again.
 */
export function fleetCost(inventories: readonly ClusterInventory[], now: number, settings: ReportSettings, memo?: ClusterMemo<CostWithTotals>): FleetCost {
  return costOfParts(
    inventories.map((c) => (memo ? memo.get(c, [settings], () => costWithTotals(c, settings)) : costWithTotals(c, settings))),
    now,
  );
}
