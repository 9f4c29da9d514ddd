/** One cluster's node cost of one UTC day, as last measured that day. */
export interface CostDay {
  cluster: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Node cost per day (hourly × 24). */
  daily: number;
  currency: string;
}

/** GET /api/reports/cost/history — the daily node cost fleetscope recorded, oldest first. */
export interface CostHistory {
  generatedAt: number;
  /** First day asked for (YYYY-MM-DD, UTC) and today. */
  from: string;
  to: string;
  days: number;
  /** The fleet's node cost per day and currency: the sum over the clusters recorded that day. */
  fleet: { day: string; currency: string; daily: number; clusters: number }[];
  /** Each cluster's node cost per day. */
  clusters: CostDay[];
}

export const COST_HISTORY_MAX_DAYS = 90;
