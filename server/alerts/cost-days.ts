import type { FleetCost } from '../../shared/reports/cost';
import type { DailyCost } from '../store/types';
import type { CostDays } from './rules';

const DAY_MS = 86_400_000;

/** The UTC day of an epoch-ms time, YYYY-MM-DD. */
export function utcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Today's cost of every cluster the cost report priced (node cost per day). */
export function dailyCostRows(cost: FleetCost, now: number): DailyCost[] {
  const day = utcDay(now);
  return cost.clusters.flatMap((c) => (c.assets && c.assets.nodes > 0 ? [{ cluster: c.cluster, day, daily: c.assets.daily, currency: c.currency }] : []));
}

/** Today against yesterday, per cluster that has both (same currency). */
export function costDays(rows: readonly DailyCost[], now: number): Map<string, CostDays> {
  const today = utcDay(now);
  const yesterday = utcDay(now - DAY_MS);
  const byCluster = new Map<string, { today?: DailyCost; yesterday?: DailyCost }>();
  for (const r of rows) {
    const entry = byCluster.get(r.cluster) ?? {};
    if (r.day === today) entry.today = r;
    if (r.day === yesterday) entry.yesterday = r;
    byCluster.set(r.cluster, entry);
  }
  const out = new Map<string, CostDays>();
  for (const [cluster, e] of byCluster) {
    if (e.today && e.yesterday && e.today.currency === e.yesterday.currency)
      out.set(cluster, { today: e.today.daily, yesterday: e.yesterday.daily, currency: e.today.currency });
  }
  return out;
}
