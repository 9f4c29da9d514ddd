import type { FleetCost } from '../../shared/reports/cost';
import { COST_HISTORY_MAX_DAYS } from '../../shared/reports/cost-history';
import type { DailyCost, Store } from '../store/types';
import { costDays, dailyCostRows, utcDay } from './cost-days';
import type { CostDays } from './rules';

const DAY_MS = 86_400_000;
/** How often the cost report is sampled for the day-over-day comparison and the cost history. */
const COST_SAMPLE_MS = 5 * 60_000;
/** Days of daily cost kept for GET /api/reports/cost/history; older days are deleted at start. */
const COST_HISTORY_DAYS = COST_HISTORY_MAX_DAYS;

/**
 * Samples the cost report into the store's daily cost (the cost history and
 * the CostJump rule's day-over-day comparison), at most every 5 minutes.
 */
export interface CostSampler {
  /** Records each priced cluster's cost of today, when the last sample is old enough and a cost report exists. */
  sample(now: number): Promise<void>;
  /** Today against yesterday, per cluster that has both (same currency). */
  days(): ReadonlyMap<string, CostDays>;
}

export interface CostSamplerOptions {
  store: Store;
  /** The cost report; none, and nothing is sampled. */
  cost?: () => FleetCost | null;
  now: () => number;
}

export async function createCostSampler(options: CostSamplerOptions): Promise<CostSampler> {
  const { store, now } = options;
  let lastSample = -Infinity;
  // Reading the history from its oldest kept day also deletes older days; only today and yesterday are compared.
  let costs: DailyCost[] = (await store.dailyCostsSince(utcDay(now() - COST_HISTORY_DAYS * DAY_MS))).filter((c) => c.day >= utcDay(now() - DAY_MS));
  let days: ReadonlyMap<string, CostDays> = costDays(costs, now());
  return {
    async sample(t) {
      if (!options.cost || t - lastSample < COST_SAMPLE_MS) return;
      lastSample = t;
      const report = options.cost();
      if (!report) return;
      const rows = dailyCostRows(report, t);
      await store.recordDailyCosts(rows);
      costs = [...costs.filter((c) => !rows.some((r) => r.cluster === c.cluster && r.day === c.day)), ...rows].filter((c) => c.day >= utcDay(t - DAY_MS));
      days = costDays(costs, t);
    },
    days: () => days,
  };
}
