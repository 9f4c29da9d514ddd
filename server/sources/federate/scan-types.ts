/**
 * What the scan of a text exposition body (parse-text.ts) is given and what
 * it gives: the offsets of every kept line in typed arrays, each metric
 * name's lines, and per-line flags. Only this folder reads them (readScrape
 * is the way in from outside); the benches that measure the scan itself do
 * too.
 */

import type { ErrorKind } from '../../../shared/errors';

/** Metric family metadata from `# HELP` / `# TYPE` lines. */
export interface FamilyMeta {
  readonly type: MetricType | null;
  readonly help: string | null;
}

export const METRIC_TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** Per-sample flags. */
export const HAS_TIMESTAMP = 1;
/** The line already carries the label the fleet injects (the cluster label). */
export const HAS_RESERVED_LABEL = 2;
/** The line also carries `exported_<reserved label>`. */
export const HAS_EXPORTED_LABEL = 8;
/** Not in the exact form `name{a="b",…} value[ ts]` (extra blanks, trailing comma, unusual escape): re-encode instead of copying. */
export const NOT_CANONICAL = 4;

/**
 * A scanned exposition body. Sample `i` is the line `body[starts[i], ends[i])`;
 * its label block (with braces) ends at `labelsEnd[i]`. Indices in `byName`
 * are in body order. A series repeated on the next line is dropped here;
 * repeats further apart are dropped when read (FederatedSeries keeps the
 * first, as Prometheus keeps the first sample of a duplicate).
 */
export interface ParsedExposition {
  readonly body: Buffer;
  readonly count: number;
  readonly starts: Int32Array;
  readonly labelsEnd: Int32Array;
  readonly ends: Int32Array;
  readonly flags: Uint8Array;
  /** Where the reserved label's name starts, for samples flagged HAS_RESERVED_LABEL (else 0). */
  readonly reservedAt: Int32Array;
  readonly byName: ReadonlyMap<string, Int32Array>;
  /** Where each sample is in its name's list in `byName`. */
  readonly positionInName: Int32Array;
  /** The metric name of each sample, as an index into `names`. */
  readonly nameOf: Int32Array;
  /** Metric names in order of first appearance (the keys of byName). */
  readonly names: readonly string[];
  /** Sample lines read by comparison with the previous scan (see ScanOptions.previous). */
  readonly repeated: number;
  /** For each sample, the previous scan's sample with the same series text, or -1 (a new series, or no previous scan). */
  readonly previousLine: Int32Array;
  /** Where each sample's value ends (its timestamp, if any, follows). */
  readonly valueEnd: Int32Array;
  /**
   * Per name (index into `names`): 1 when the name's samples are the previous
   * scan's, series for series and value for value (timestamps aside); else 0.
   */
  readonly unchanged: Uint8Array;
  /** Lines dropped because the same series (same name and label text) was on the line before. */
  readonly duplicates: number;
  readonly families: ReadonlyMap<string, FamilyMeta>;
  /** The comment lines, in order: where each is and what it said (null: neither HELP nor TYPE). */
  readonly comments: readonly CommentLine[];
}

/** What a `# HELP` or `# TYPE` line says. */
export type Comment = { kind: 'TYPE'; name: string; type: MetricType } | { kind: 'HELP'; name: string; help: string };

export interface CommentLine {
  readonly start: number;
  readonly end: number;
  readonly comment: Comment | null;
}

/**
 * A body refused: the first bad line (1-based) and what is wrong, the message
 * naming the line. `bad_response`: malformed; `limit_exceeded`: over one of
 * the ScanLimits, the message naming the limit and the value.
 */
export interface ParseProblem {
  readonly ok: false;
  readonly kind: Extract<ErrorKind, 'bad_response' | 'limit_exceeded'>;
  readonly line: number;
  readonly message: string;
}

/**
 * What one scrape may hold, named and counted as Prometheus' scrape_config
 * counts them (0: no limit). A body over any of them is refused whole.
 * https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config
 */
export interface ScanLimits {
  /** Samples kept (a series repeated on the next line counted once). */
  readonly sampleLimit: number;
  /** Labels of one series, its name counted (as `__name__`); the cluster label the fleet adds is not. */
  readonly labelLimit: number;
  /** Bytes of one label name. */
  readonly labelNameLengthLimit: number;
  /** Bytes of one label value once unescaped, and of the metric name (`__name__`'s value). */
  readonly labelValueLengthLimit: number;
}

/**
 * What a line's path answers for a line it refuses: a string says what is
 * malformed; an OverLimit, which limit the line is over (its message naming
 * the limit and the value).
 */
export type LineProblem = string | OverLimit;

export interface OverLimit {
  readonly limit: keyof ScanLimits;
  readonly message: string;
}

/** No limits: what a scan checks when given none. */
export const NO_LIMITS: ScanLimits = { sampleLimit: 0, labelLimit: 0, labelNameLengthLimit: 0, labelValueLengthLimit: 0 };

export type ParseResult = { ok: true; exposition: ParsedExposition } | ParseProblem;

export interface ScanOptions {
  /** A label name to flag when present (the cluster label); see HAS_RESERVED_LABEL. */
  reservedLabel?: string;
  /**
   * The same source's previous scan (with the same reservedLabel). A line
   * whose series text is byte for byte one the previous scan accepted is
   * not validated again: only its value and timestamp are. /federate
   * answers the same series in the same order every time, so in steady state
   * almost every line takes this path.
   */
  previous?: ParsedExposition | null;
  /** What the body may hold (default NO_LIMITS); `previous` must have been scanned with the same, as its lines are not checked again. */
  limits?: ScanLimits;
  /**
   * Arrays to write the scan's offsets into, reused when long enough and
   * left holding the ones this scan used. Every scan of a fleet's million
   * lines would otherwise make new arrays of megabytes, memory outside the
   * heap that makes V8 collect the whole heap early (see BodyLease.extras,
   * which keeps them with the body's buffer). The previous scan's result
   * reads them until the storage is given to another scan.
   */
  storage?: ScanStorage;
}

/** The typed arrays behind a scan's result, for a later scan to reuse (ScanOptions.storage). */
export interface ScanStorage {
  /** The arrays of ParsedExposition of these names, whole (not cut to the count); `order`: the indices byName's lists are views of. */
  ints: Partial<Record<'starts' | 'labelsEnd' | 'ends' | 'reservedAt' | 'nameOf' | 'previousLine' | 'valueEnd' | 'order' | 'positionInName', Int32Array>>;
  flags?: Uint8Array;
}

export function createScanStorage(): ScanStorage {
  return { ints: {} };
}
