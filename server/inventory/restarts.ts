import type { ScrapedSeries } from '../fleet/series';
import { counterRates, unchangedSince, type EarlierCounters } from './earlier';
import { containerKey, METRICS } from './metrics';
import type { Restarts } from './types';

/** Container restarts: counts, last-terminated times and the rise since the earlier scrape. */
export function readRestarts(options: { series: ScrapedSeries; lastSuccess: number | null; earlier: EarlierCounters | null }): Restarts {
  const { series, earlier, lastSuccess } = options;
  const counters = series.get(METRICS.containerRestarts);
  const byContainer = new Map<string, number>();
  for (const s of counters ?? []) byContainer.set(containerKey(s.labels), s.value);
  const lastTerminated = series.get(METRICS.containerLastTerminated)?.map((s) => s.value) ?? null;
  return { counted: counters !== undefined, byContainer, lastTerminated, sinceEarlier: counters ? sinceEarlier(series, lastSuccess, earlier) : null };
}

/** Containers whose restart counter went up since the earlier scrape, over the time between the two. */
function sinceEarlier(series: ScrapedSeries, lastSuccess: number | null, earlier: EarlierCounters | null): Restarts['sinceEarlier'] {
  const before = earlier?.lastSuccess;
  if (!lastSuccess || !before || lastSuccess <= before) return null;
  const overMs = lastSuccess - before;
  // A counter with the same series and values as the earlier scrape rose nowhere: no need to read it.
  if (unchangedSince(series, earlier, METRICS.containerRestarts)) return { restarted: 0, overMs };
  const rates = counterRates({ series, lastSuccess, earlier, metric: METRICS.containerRestarts, keyOf: containerKey });
  if (!rates) return null;
  let restarted = 0;
  for (const rate of rates.values()) if (rate > 0) restarted++;
  return { restarted, overMs };
}
