/**
 * The fleet-wide series budget (`federation.maxSeries`): how many series the
 * clusters' kept scrapes hold together, and the most they may, so that one
 * cluster growing cannot take the process past its memory.
 *
 * A cluster's scraper claims its new scrape's series in the same synchronous
 * step that makes the scrape the cluster's (scrape.ts), so no two claims
 * interleave and the total is what the fleet holds: a refused or failed
 * scrape leaves the cluster's last claim, as the fleet keeps its last data.
 */
export interface SeriesBudget {
  /** The most series the fleet may hold. */
  readonly max: number;
  /** Series held by every cluster together. */
  readonly total: number;
  /**
   * Makes `series` the cluster's holding in place of what it held when the
   * fleet's total stays within `max`; else changes nothing and answers the
   * total the claim would have made.
   */
  claim(cluster: string, series: number): { ok: true } | { ok: false; total: number };
}

export function createSeriesBudget(max: number): SeriesBudget {
  if (!Number.isInteger(max) || max < 1) throw new Error(`max must be a positive integer, got ${max}`);
  const held = new Map<string, number>();
  let total = 0;
  return {
    max,
    get total() {
      return total;
    },
    claim(cluster, series) {
      const next = total - (held.get(cluster) ?? 0) + series;
      if (next > max) return { ok: false, total: next };
      held.set(cluster, series);
      total = next;
      return { ok: true };
    },
  };
}

/**
 * Memory per federated series, whole server (docs/performance.md): RSS at its
 * highest over 180 s of 100 clusters × 9,871 series at 15 s is 1317 MiB for
 * 987,100 series, baseline included (1.4 KB a series); 40 clusters against 4
 * add 1.33–1.36 KB a series of RSS, of which 255 B is V8's heap after a full
 * collection and about 500 B the bodies and scan arrays outside it
 * (`npm run bench -- series-memory`).
 */
export const BYTES_PER_SERIES = 1400;
export const HEAP_BYTES_PER_SERIES = 300;

/**
 * The default budget: the series that fit in half the machine's memory and
 * in half V8's heap limit (the other halves: the process' own, the bodies
 * being read, and the garbage between collections).
 */
export function defaultMaxSeries(machine: { memoryBytes: number; heapLimitBytes: number }): number {
  return Math.max(1, Math.floor(Math.min(machine.memoryBytes / 2 / BYTES_PER_SERIES, machine.heapLimitBytes / 2 / HEAP_BYTES_PER_SERIES)));
}
