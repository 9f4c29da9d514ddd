import type { Labels, ScrapedSeries } from '../../fleet/series';
import { counterRates, unchangedSince, type EarlierCounters } from '../earlier';

/** What a counter-reading companion part needs: the scrape, when it succeeded, and the earlier counters. */
export interface CounterInput {
  readonly series: ScrapedSeries;
  readonly lastSuccess: number | null;
  readonly earlier: EarlierCounters | null;
}

/**
 * How much `metric` rose since the earlier scrape, by `keyOf(labels)` (keys
 * summed), and over how long; null without an earlier scrape that holds it.
 * A counter that went down (a restart) counts no rise.
 */
export function risesSinceEarlier(
  input: CounterInput,
  metric: string,
  keyOf: (labels: Labels) => string | null,
): { rises: ReadonlyMap<string, number>; overMs: number } | null {
  const { series, lastSuccess, earlier } = input;
  const before = earlier?.lastSuccess;
  if (!lastSuccess || !before || lastSuccess <= before || !series.has(metric) || !earlier.get(metric)) return null;
  const overMs = lastSuccess - before;
  if (unchangedSince(series, earlier, metric)) {
    const rises = new Map<string, number>();
    for (const s of series.get(metric) ?? []) {
      const key = keyOf(s.labels);
      if (key !== null) rises.set(key, 0);
    }
    return { rises, overMs };
  }
  const rates = counterRates({ series, lastSuccess, earlier, metric, keyOf });
  if (!rates) return null;
  const rises = new Map<string, number>();
  for (const [key, rate] of rates) rises.set(key, rate * (overMs / 1000));
  return { rises, overMs };
}
