import type { CostHistory } from '../../../shared/reports/cost-history';
import type { CostTrendPoint } from '../fleet-state';

const HOURS_PER_MONTH = 730;
const DAY_MS = 86_400_000;

/** One point of the trend chart: a stored day (node cost only) or a live report (node cost, allocated, idle), per month. */
export interface TrendRow {
  t: number;
  assets: number;
  allocated?: number;
  idle?: number;
  /** true for a day from the stored history. */
  stored: boolean;
}

export interface Trend {
  rows: TrendRow[];
  /** Distinct stored days in this currency. */
  storedDays: number;
  /** Whether the x axis spans more than a day (dates rather than clock times). */
  spansDays: boolean;
}

/**
 * The cost trend: the fleet's stored daily node cost (at 00:00 UTC of each
 * day, turned into a monthly figure like the live points) followed by the live
 * points received while the page is open, in one currency, oldest first. A
 * stored day later than the first live point is left out (today's record is
 * just an earlier live value).
 */
export function costTrend(history: CostHistory | null, live: readonly CostTrendPoint[], currency: string): Trend {
  const liveRows = live
    .filter((p) => p.currency === currency)
    .map((p): TrendRow => ({ t: p.t, assets: p.assets, allocated: p.allocated, idle: p.idle, stored: false }));
  const firstLive = liveRows.length ? Math.min(...liveRows.map((r) => r.t)) : Infinity;
  const stored = (history?.fleet ?? []).filter((p) => p.currency === currency);
  const storedRows = stored
    .map((p): TrendRow => ({ t: Date.parse(`${p.day}T00:00:00Z`), assets: (p.daily / 24) * HOURS_PER_MONTH, stored: true }))
    .filter((r) => r.t < firstLive);
  const rows = [...storedRows, ...liveRows].sort((a, b) => a.t - b.t);
  const span = rows.length ? rows[rows.length - 1]!.t - rows[0]!.t : 0;
  return { rows, storedDays: new Set(stored.map((p) => p.day)).size, spansDays: span > DAY_MS };
}
