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
