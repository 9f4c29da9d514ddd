import type { ScrapedSeries } from '../fleet/series';
import { counterRates, unchangedSince, type EarlierCounters } from './earlier';
import type { SectionMemo } from './memo';
import { containerKey, METRICS } from './metrics';
import type { Restarts } from './types';

/**
 * Container restarts: counts, last-terminated times and the rise since the
 * earlier scrape. Each is read when first asked for: the health report asks
 * for one of them every scrape, the cluster page for the counts.
 */
export function readRestarts(options: {
  series: ScrapedSeries;
  lastSuccess: number | null;
  earlier: EarlierCounters | null;
  memo: SectionMemo<ReadonlyMap<string, number>>;
}): Restarts {
  const { series, earlier, lastSuccess, memo } = options;
  let lastTerminated: { value: readonly number[] | null } | undefined;
  let rose: { value: Restarts['sinceEarlier'] } | undefined;
  return {
    counted: series.has(METRICS.containerRestarts),
    get byContainer() {
      return memo.read(series, [METRICS.containerRestarts], () => {
        const counts = new Map<string, number>();
        for (const s of series.get(METRICS.containerRestarts) ?? []) counts.set(containerKey(s.labels), s.value);
        return counts;
      });
    },
    get lastTerminated() {
      return (lastTerminated ??= { value: series.get(METRICS.containerLastTerminated)?.map((s) => s.value) ?? null }).value;
    },
    get sinceEarlier() {
      return (rose ??= { value: series.has(METRICS.containerRestarts) ? sinceEarlier(series, lastSuccess, earlier) : null }).value;
    },
  };
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
