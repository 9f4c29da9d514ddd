import type { BodyLease } from '../body-pool';
import type { ClusterLabelling } from './labelling';
import { parseExposition } from './parse-text';
import { createScanStorage, type ParseProblem, type ScanLimits } from './scan-types';
import { FederatedSeries } from './series';

export interface ReadScrapeOptions {
  /** How the cluster label goes on the samples; the scan flags lines that bring that label themselves. */
  readonly labelling: ClusterLabelling;
  /**
   * The same cluster's previous scrape, read with the same labelling: lines
   * that repeat it are checked by one byte comparison, and the labels read
   * lately are carried from it (docs/federation.md).
   */
  readonly previous?: FederatedSeries | null;
  /**
   * The pooled buffer `body` lies in, when it does: the scan's arrays stay
   * with it for the next scan of a body in it, and the scrape refuses to be
   * read once the buffer has gone back (see BodyPool).
   */
  readonly lease?: BodyLease | null;
  /** What the body may hold (the cluster's scrape limits); default none. The same for every scrape of a cluster (see `previous`). */
  readonly limits?: ScanLimits;
}

/** A scrape, or why the body is refused: the first malformed line (1-based), or the limit it is over (ParseProblem.kind). */
export type ReadScrapeResult = { ok: true; series: FederatedSeries } | ParseProblem;

/**
 * A `/federate` body in the text format as one cluster's scrape: scanned
 * (server/sources/federate/parse-text.ts), its samples decoded when read. The
 * one way into a scrape from outside this folder, which keeps the scan's
 * arrays to itself. Never throws on input: like Prometheus' scraper, one
 * malformed line, or one limit exceeded, fails the whole body.
 */
export function readScrape(body: Buffer, options: ReadScrapeOptions): ReadScrapeResult {
  const lease = options.lease ?? undefined;
  const storage = lease === undefined ? undefined : (lease.extras.scan ??= createScanStorage());
  const previous = options.previous ?? null;
  const parsed = parseExposition(body, { reservedLabel: options.labelling.label, previous: previous?.exposition, limits: options.limits, storage });
  if (!parsed.ok) return parsed;
  return { ok: true, series: new FederatedSeries(parsed.exposition, options.labelling, previous, lease) };
}
