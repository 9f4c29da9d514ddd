import type { ClusterInventory } from '../inventory/types';

/** Within a minute, the clock changes no report of unchanged inputs (end-of-life days, rates over a minute-old scrape). */
const CLOCK_STEP_MS = 60_000;

/**
 * What a per-cluster report reads, as objects that are replaced when they
 * change, plus the minute; null when the report also depends on the exact
 * time: Prometheus data past its staleAfter, whose age the report states.
 */
function reportInputs(inventory: ClusterInventory): unknown[] | null {
  if (inventory.prometheus?.lastSuccess != null && !inventory.fresh.prometheus) return null;
  return [...inventory.inputs, Math.floor(inventory.at / CLOCK_STEP_MS)];
}

/**
 * Remembers the last report computed for each cluster and hands it back
 * while the inventory's inputs are the same objects (see
 * ClusterInventory.inputs): a fleet report every few seconds then recomputes
 * only the clusters scraped since. One entry per cluster. Reports that read
 * events do not use it.
 */
export class ClusterMemo<T> {
  private readonly last = new Map<string, { inputs: readonly unknown[]; value: T }>();

  /** `extra`: what else the report reads (its settings). */
  get(inventory: ClusterInventory, extra: readonly unknown[], compute: () => T): T {
    const inputs = reportInputs(inventory);
    if (inputs === null) return compute();
    inputs.push(...extra);
    const hit = this.last.get(inventory.cluster);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => same(x, inputs[i]))) return hit.value;
    const value = compute();
    // Objects are held weakly: a result never keeps an old scrape (its body) in memory.
    this.last.set(inventory.cluster, { inputs: inputs.map((x) => (typeof x === 'object' && x !== null ? new WeakRef(x) : x)), value });
    return value;
  }
}

function same(kept: unknown, input: unknown): boolean {
  return kept instanceof WeakRef ? kept.deref() === input : kept === input;
}
