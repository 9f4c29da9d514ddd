import type { ClusterCost, CostReconciliation, CostRow, FleetCost } from '../../../shared/reports/cost';
import { fixed, percent, type Cell, type Table } from './table';

const COLUMNS = [
  'level',
  'cluster',
  'namespace',
  'workload',
  'currency',
  'cpu_hourly',
  'memory_hourly',
  'gpu_hourly',
  'storage_hourly',
  'total_hourly',
  'daily',
  'monthly',
  'efficiency',
  'node_cost_monthly',
  'idle_monthly',
  'allocated_share',
  'idle_share',
  'cpu_basis',
  'memory_basis',
  'workload_basis',
];

/** The node cost, idle and shares of a cluster or fleet row; empty on namespace and workload rows. */
function reconciliationCells(r: CostReconciliation | null | undefined): Cell[] {
  return [fixed(r?.nodeMonthly, 2), fixed(r?.idleMonthly, 2), percent(r?.allocatedShare), percent(r?.idleShare)];
}

function costCells(level: string, cost: ClusterCost, r: CostRow, reconciliation: CostReconciliation | null | undefined): Cell[] {
  return [
    level,
    r.cluster,
    r.namespace ?? null,
    r.workload ?? null,
    cost.currency,
    fixed(r.hourly.cpu, 6),
    fixed(r.hourly.memory, 6),
    fixed(r.hourly.gpu, 6),
    fixed(r.hourly.storage, 6),
    fixed(r.hourly.total, 6),
    fixed(r.daily, 2),
    fixed(r.monthly, 2),
    percent(r.efficiency),
    ...reconciliationCells(reconciliation),
    cost.basis.cpu,
    cost.basis.memory,
    r.workloadBasis ?? null,
  ];
}

/** The fleet's allocation in one currency as a CSV row: allocated cost, and the node cost it reconciles to. */
function fleetCells(f: FleetCost['fleet'][number]): Cell[] {
  const monthly = (hourly: number) => fixed(hourly * 730, 2);
  return [
    'fleet',
    null,
    null,
    null,
    f.currency,
    fixed(f.allocated.cpu, 6),
    fixed(f.allocated.memory, 6),
    fixed(f.allocated.gpu, 6),
    fixed(f.allocated.storage, 6),
    fixed(f.allocated.total, 6),
    fixed(f.daily, 2),
    monthly(f.allocated.total),
    percent(f.efficiency),
    ...reconciliationCells(f.reconciliation),
    null,
    null,
    null,
  ];
}

/** The cost report as tables: allocation rows by cluster, namespace and workload (the CSV), then assets and idle, the fleet, missing inputs. */
export function costTables(report: FleetCost): Table[] {
  const allocation: Table = {
    title: 'Allocation (max(request, usage) × price)',
    columns: COLUMNS,
    rows: [
      ...report.clusters.flatMap((c) => [
        ...(c.allocated ? [costCells('cluster', c, c.allocated, c.reconciliation)] : []),
        ...c.namespaces.map((n) => costCells('namespace', c, n, null)),
        ...c.workloads.map((w) => costCells('workload', c, w, null)),
      ]),
      ...report.fleet.map(fleetCells),
    ],
  };
  const assets: Table = {
    title: 'Assets and idle',
    columns: [
      'cluster',
      'currency',
      'profile',
      'nodes',
      'assets_monthly',
      'allocated_monthly',
      'idle_monthly',
      'allocated_share',
      'idle_share',
      'efficiency',
      'cpu_basis',
      'memory_basis',
    ],
    rows: report.clusters.map((c) => [
      c.cluster,
      c.currency,
      c.profile,
      c.assets?.nodes ?? null,
      fixed(c.assets?.monthly, 2),
      fixed(c.allocated?.monthly, 2),
      fixed(c.idle ? c.idle.total * 730 : null, 2),
      percent(c.reconciliation?.allocatedShare),
      percent(c.reconciliation?.idleShare),
      percent(c.allocated?.efficiency),
      c.basis.cpu,
      c.basis.memory,
    ]),
  };
  const fleet: Table = {
    title: 'Fleet',
    columns: ['currency', 'clusters', 'assets_monthly', 'allocated_monthly', 'idle_monthly', 'allocated_share', 'idle_share', 'efficiency', 'left_out'],
    rows: report.fleet.map((f) => [
      f.currency,
      f.clusters,
      fixed(f.assets.total * 730, 2),
      fixed(f.monthly, 2),
      fixed(f.idle.total * 730, 2),
      percent(f.reconciliation?.allocatedShare),
      percent(f.reconciliation?.idleShare),
      percent(f.efficiency),
      f.incomplete.join(', ') || null,
    ]),
  };
  const missing: Table = {
    title: 'Missing inputs',
    columns: ['cluster', 'input', 'effect'],
    rows: report.clusters.flatMap((c) => c.missing.map((m) => [c.cluster, m.input, m.effect])),
  };
  return [allocation, assets, fleet, missing];
}

export function costIntro(report: FleetCost): string {
  return `Generated ${new Date(report.generatedAt).toISOString()} for ${report.clusters.length} clusters. Hourly rates now; daily = 24 h, monthly = 730 h at the same rate (OpenCost's model).`;
}
