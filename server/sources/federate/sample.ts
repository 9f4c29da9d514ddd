/** One sample of one series, as read from the Prometheus exposition format. */
export interface Sample {
  /** Metric name, e.g. "kube_node_status_condition". */
  readonly name: string;
  /** Label pairs, without __name__. The cluster label is injected by the fleet, not here. */
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Milliseconds since epoch as written in the exposition, or null when absent. */
  readonly timestampMs: number | null;
}

/** Samples grouped by metric name, the shape every report reads. */
export type SeriesByName = ReadonlyMap<string, readonly Sample[]>;

/**
 * Series that can keep what is computed from them across scrapes (see
 * FederatedSeries.derive): a result is reused while the names it was
 * computed from carry the same series and values.
 */
export interface DerivingSeries extends SeriesByName {
  derive<T>(key: string, names: readonly string[], compute: () => T): T;
  /** An object that is the same for two scrapes exactly when `name` has the same series and values in both; null when absent. */
  version(name: string): object | null;
}

export function isDeriving(series: SeriesByName): series is DerivingSeries {
  return 'derive' in series && typeof series.derive === 'function';
}

/** `compute()`, kept across scrapes by `series.derive` when the series can keep it (see DerivingSeries), else computed each time. */
export function deriveFrom<T>(series: SeriesByName, key: string, names: readonly string[], compute: () => T): T {
  return isDeriving(series) ? series.derive(key, names, compute) : compute();
}
