import { freshSeries } from '../fleet/staleness';
import type { ClusterSnapshot } from '../fleet/types';

/**
 * Remembers the last result computed for each cluster and hands it back
 * while the inputs it was computed from are the same objects. Fleet snapshots
 * are immutable and every scrape or watch update replaces what it changes, so
 * identity says exactly when a cluster's report may differ: a fleet report
 * every few seconds then recomputes only the clusters scraped since. One
 * entry per cluster.
 */
export class ClusterMemo<T> {
  private readonly last = new Map<string, { inputs: readonly unknown[]; value: T }>();

  /** `inputs` null: not cacheable now (computed, not kept). */
  get(cluster: string, inputs: readonly unknown[] | null, compute: () => T): T {
    if (inputs === null) return compute();
    const hit = this.last.get(cluster);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => same(x, inputs[i]))) return hit.value;
    const value = compute();
    // Objects are held weakly: a result never keeps an old scrape (its body) in memory.
    this.last.set(cluster, { inputs: inputs.map((x) => (typeof x === 'object' && x !== null ? new WeakRef(x) : x)), value });
    return value;
  }
}

function same(kept: unknown, input: unknown): boolean {
  return kept instanceof WeakRef ? kept.deref() === input : kept === input;
}

/** Within a minute, the clock changes no report of unchanged inputs (end-of-life days, rates over a minute-old snapshot). */
const CLOCK_STEP_MS = 60_000;

/**
 * What a per-cluster report reads, as objects that are replaced when they
 * change, plus the minute; null when the report also depends on the exact
 * time: data past `staleAfter`, whose age the report states.
 */
export function clusterInputs(cluster: ClusterSnapshot, now: number): unknown[] | null {
  const prometheus = cluster.prometheus;
  if (prometheus && prometheus.lastSuccess !== null && freshSeries(prometheus, now) === null) return null;
  return [prometheus, cluster.kubernetes?.version ?? null, cluster.kubernetes?.nodes ?? null, cluster.labels, Math.floor(now / CLOCK_STEP_MS)];
}
