import type { FleetCost } from '../../../shared/reports/cost';

const HOURS_PER_MONTH = 730;

export interface NamespaceBars {
  /** Series keys in stacking order: the biggest namespaces across the fleet, then "other". */
  keys: string[];
  /** One row per cluster: { cluster, [namespace]: cost per month }. */
  rows: Array<Record<string, string | number>>;
}

/** Allocated cost per month per cluster, stacked by namespace; namespaces past the top `maxKeys` are summed as "other". */
export function namespaceBars(cost: FleetCost, maxKeys = 8): NamespaceBars {
  const totals = new Map<string, number>();
  for (const c of cost.clusters) for (const ns of c.namespaces) totals.set(ns.namespace ?? '', (totals.get(ns.namespace ?? '') ?? 0) + ns.hourly.total);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([ns]) => ns);
  const top = ranked.slice(0, maxKeys);
  const hasOther = ranked.length > maxKeys;
  const rows = cost.clusters.map((c) => {
    const row: Record<string, string | number> = { cluster: c.cluster };
    for (const key of top) row[key] = 0;
    if (hasOther) row.other = 0;
    for (const ns of c.namespaces) {
      const key = top.includes(ns.namespace ?? '') ? (ns.namespace ?? '') : 'other';
      row[key] = round((Number(row[key]) || 0) + ns.hourly.total * HOURS_PER_MONTH);
    }
    return row;
  });
  return { keys: hasOther ? [...top, 'other'] : top, rows };
}

export interface IdleRow {
  cluster: string;
  allocated: number;
  idle: number;
  /** Idle share of the node cost, 0..1; null when node cost is unknown. */
  idleShare: number | null;
}

/** Per cluster: node cost per month split into allocated and idle. Clusters without node capacity have no bar. */
export function idleRows(cost: FleetCost): IdleRow[] {
  return cost.clusters.map((c) => {
    const allocated = (c.allocated?.hourly.total ?? 0) * HOURS_PER_MONTH;
    const idle = (c.idle?.total ?? 0) * HOURS_PER_MONTH;
    const assets = c.assets?.hourly.total ?? 0;
    return { cluster: c.cluster, allocated: round(allocated), idle: round(idle), idleShare: c.assets && assets > 0 && c.idle ? c.idle.total / assets : null };
  });
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
