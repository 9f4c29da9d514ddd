import type { CostRow, FleetCost } from '../../../shared/reports/cost';
import { fixed, percent, type Table } from './table';

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
];

function costCells(level: string, currency: string, r: CostRow) {
  return [
    level,
    r.cluster,
    r.namespace ?? null,
    r.workload ?? null,
    currency,
    fixed(r.hourly.cpu, 6),
    fixed(r.hourly.memory, 6),
    fixed(r.hourly.gpu, 6),
    fixed(r.hourly.storage, 6),
    fixed(r.hourly.total, 6),
    fixed(r.daily, 2),
    fixed(r.monthly, 2),
    percent(r.efficiency),
  ];
}

/** The cost report as tables: allocation rows by cluster, namespace and workload (the CSV), then assets and idle, the fleet, missing inputs. */
export function costTables(report: FleetCost): Table[] {
  const allocation: Table = {
    title: 'Allocation (max(request, usage) × price)',
    columns: COLUMNS,
    rows: report.clusters.flatMap((c) => [
      ...(c.allocated ? [costCells('cluster', c.currency, c.allocated)] : []),
      ...c.namespaces.map((n) => costCells('namespace', c.currency, n)),
      ...c.workloads.map((w) => costCells('workload', c.currency, w)),
    ]),
  };
  const assets: Table = {
    title: 'Assets and idle',
    columns: ['cluster', 'currency', 'profile', 'nodes', 'assets_monthly', 'allocated_monthly', 'idle_monthly', 'efficiency', 'cpu_basis', 'memory_basis'],
    rows: report.clusters.map((c) => [
      c.cluster,
      c.currency,
      c.profile,
      c.assets?.nodes ?? null,
      fixed(c.assets?.monthly, 2),
      fixed(c.allocated?.monthly, 2),
      fixed(c.idle ? c.idle.total * 730 : null, 2),
      percent(c.allocated?.efficiency),
      c.basis.cpu,
      c.basis.memory,
    ]),
  };
  const fleet: Table = {
    title: 'Fleet',
    columns: ['currency', 'clusters', 'assets_monthly', 'allocated_monthly', 'idle_monthly', 'efficiency', 'left_out'],
    rows: report.fleet.map((f) => [
      f.currency,
      f.clusters,
      fixed(f.assets.total * 730, 2),
      fixed(f.monthly, 2),
      fixed(f.idle.total * 730, 2),
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
