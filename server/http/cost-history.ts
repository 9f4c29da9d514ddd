import { Router } from 'express';
import { COST_HISTORY_MAX_DAYS, type CostDay, type CostHistory } from '../../shared/reports/cost-history';
import { onlyMethods } from './errors';

const DAY_MS = 86_400_000;
const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface CostHistoryRouteOptions {
  /** Daily costs of `day` (YYYY-MM-DD) and later, oldest first; must not delete anything. */
  history: (day: string) => Promise<readonly CostDay[]>;
  now: () => number;
}

/** The response for `days` days up to today from the stored rows: per-day fleet sums by currency. */
export function costHistory(rows: readonly CostDay[], days: number, now: number): CostHistory {
  const from = utcDay(now - (days - 1) * DAY_MS);
  const clusters = rows.filter((r) => r.day >= from).map((r) => ({ cluster: r.cluster, day: r.day, daily: r.daily, currency: r.currency }));
  const fleet = new Map<string, CostHistory['fleet'][number]>();
  for (const r of clusters) {
    const key = `${r.day} ${r.currency}`;
    const point = fleet.get(key) ?? { day: r.day, currency: r.currency, daily: 0, clusters: 0 };
    point.daily += r.daily;
    point.clusters += 1;
    fleet.set(key, point);
  }
  const byDay = (a: { day: string; currency: string }, b: { day: string; currency: string }) =>
    a.day.localeCompare(b.day) || a.currency.localeCompare(b.currency);
  return { generatedAt: now, from, to: utcDay(now), days, fleet: [...fleet.values()].sort(byDay), clusters: clusters.sort(byDay) };
}

/**
 * GET /api/reports/cost/history?days=30 — read-only view of the daily node
 * cost the alert engine records per cluster (docs/api.md). `days`: 1 to 90,
 * default 30, today included.
 */
export function createCostHistoryRouter(options: CostHistoryRouteOptions): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const raw = req.query.days ?? '30';
    const days = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(days) || days < 1 || days > COST_HISTORY_MAX_DAYS) {
      res.status(400).json({ error: `days: must be a whole number from 1 to ${COST_HISTORY_MAX_DAYS} (got ${JSON.stringify(raw)})` });
      return;
    }
    const now = options.now();
    // A store that fails rejects, and the app's error handler answers (503 with the reason).
    const rows = await options.history(utcDay(now - (days - 1) * DAY_MS));
    res.setHeader('cache-control', 'no-store');
    res.json(costHistory(rows, days, now));
  });
  router.all('/', onlyMethods('GET'));
  return router;
}
