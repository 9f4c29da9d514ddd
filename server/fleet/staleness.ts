import type { ScrapedSeries } from './series';
import type { PrometheusState } from './types';

/** Prometheus' lookback delta: past it a series is no longer "current". */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

/** Age of the cluster's Prometheus data at `now`, or null before the first successful scrape. */
export function prometheusDataAge(state: PrometheusState, now: number): number | null {
  return state.lastSuccess === null ? null : now - state.lastSuccess;
}

/**
 * The cluster's series if they are still current at `now` (last successful
 * scrape at most `staleAfterMs` ago), else null: stale data leaves reports
 * and the re-exposed /federate, but stays in the snapshot to show its age.
 */
export function freshSeries(state: PrometheusState | null, now: number): ScrapedSeries | null {
  if (!state) return null;
  const age = prometheusDataAge(state, now);
  if (age === null || age > state.staleAfterMs) return null;
  return state.series;
}
