import type { ScrapedSeries } from '../../fleet/series';

/**
 * Series that can keep what is computed from them across scrapes (see
 * FederatedSeries.derive): a result is reused while the names it was
 * computed from carry the same series and values.
 */
export interface DerivingSeries extends ScrapedSeries {
  derive<T>(key: string, names: readonly string[], compute: () => T): T;
}

export function isDeriving(series: ScrapedSeries): series is DerivingSeries {
  return 'derive' in series && typeof series.derive === 'function';
}

/** `compute()`, kept across scrapes by `series.derive` when the series can keep it (see DerivingSeries), else computed each time. */
export function deriveFrom<T>(series: ScrapedSeries, key: string, names: readonly string[], compute: () => T): T {
  return isDeriving(series) ? series.derive(key, names, compute) : compute();
}
