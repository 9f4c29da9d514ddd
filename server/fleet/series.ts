/** Label pairs of one series, without `__name__`. */
export type Labels = Readonly<Record<string, string>>;

/** One sample of one series, as a cluster's Prometheus federated it. */
export interface Sample {
  /** Metric name, e.g. "kube_node_status_condition". */
  readonly name: string;
  /** Label pairs, without __name__; the fleet's cluster label is always set (see docs/federation.md). */
  readonly labels: Labels;
  readonly value: number;
  /** Milliseconds since epoch as written in the exposition, or null when absent. */
  readonly timestampMs: number | null;
}

/**
 * One successful scrape of one cluster's series, read by metric name: what
 * the fleet keeps per cluster. The federation source implements it
 * (sources/federate); it is immutable, and the next scrape is a new one, so a
 * series that vanished from the cluster's Prometheus vanishes from here.
 */
export interface ScrapedSeries {
  /** How many metric names the scrape holds. */
  readonly size: number;
  /** Metric names, in the order the scrape first listed them. */
  names(): IterableIterator<string>;
  /** Whether the scrape holds samples of `name`, without reading them. */
  has(name: string): boolean;
  /** The samples of `name` (a series repeated in the scrape is kept once: the first); undefined when absent. */
  get(name: string): readonly Sample[] | undefined;
  /**
   * An object that is the same for two scrapes of one cluster exactly when
   * `name` has the same series and values in both (timestamps aside); null
   * when the scrape has no `name`. What a memo of something computed from
   * `name` compares.
   */
  version(name: string): object | null;
  /**
   * Keeps the scrape readable until the returned function is called, for a
   * reader that may outlive the scrape's turn as the cluster's current data
   * (a /federate response streaming to a slow client).
   */
  hold(): () => void;
  /** The `# HELP` text the cluster's Prometheus gave `name`, or null. */
  help(name: string): string | null;
  /**
   * A writer of the series of `name` that `options.keep` accepts, one line
   * each in the text format (0.0.4), labelled as `get` reads them (a series
   * repeated in the scrape is written once: the first). What a /federate
   * response writes of this scrape, in steps (see TextWriter). The
   * federation source, which keeps the scraped text, copies most lines from
   * it as they are.
   */
  textWriter(name: string, options: TextOptions, out: TextSink): TextWriter;
}

/**
 * Writes one name's lines a step at a time, so a /federate response can give
 * the event loop back between steps: a name may have many thousand series,
 * each asked of a selector.
 */
export interface TextWriter {
  /** Reads the next `series` series of the name (written or not), at most; true while some are left. */
  write(series: number): boolean;
}

/** Where re-exposed text goes (a /federate response being written): strings as UTF-8, or bytes copied from a body. */
export interface TextSink {
  text(s: string): void;
  bytes(source: Buffer, start: number, end: number): void;
}

/** How ScrapedSeries.textWriter labels and chooses the lines it writes. */
export interface TextOptions {
  /** The fleet's cluster label and this cluster's name: what the scrape's samples carry (see Sample.labels). */
  readonly clusterLabel: string;
  readonly cluster: string;
  /** The timestamp written on samples that came without one (the scrape's time), ms since epoch. */
  readonly fallbackTimestampMs: number;
  /**
   * Whether to write a series, asked once per series. `labelOf` reads its
   * labels as written ("" when absent; `__name__` is the metric name) on
   * demand, so a choice on the name or the cluster label need not decode
   * the line.
   */
  keep(labelOf: (label: string) => string): boolean;
}

/** The series of a cluster not scraped successfully yet. */
export const NO_SERIES: ScrapedSeries = Object.freeze({
  size: 0,
  names: () => [].values(),
  has: () => false,
  get: () => undefined,
  version: () => null,
  hold: () => () => {},
  help: () => null,
  textWriter: () => ({ write: () => false }),
});
