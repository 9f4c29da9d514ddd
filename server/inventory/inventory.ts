import type { ClusterSnapshot, FleetSnapshot } from '../fleet/types';
import { createInventoryMemo, readInventory, type InventoryMemo, type InventorySettings } from './cluster';
import { CounterWindow } from './earlier';
import { RATED_COUNTERS } from './metrics';
import type { ClusterInventory } from './types';

/** Counters are rated against a scrape between one and two minutes old. */
const EARLIER_MIN_AGE_MS = 60_000;

/**
 * The fleet's inventory: each cluster's read through that cluster's memo
 * (so a part whose metrics did not change is not read again) and rated
 * against that cluster's earlier counters. The one stateful piece between
 * the fleet and the reports; the clock is passed in.
 */
export interface Inventory {
  /** Takes in a new state of one cluster (keeps its counters for rating later). */
  observe(cluster: ClusterSnapshot, at: number): void;
  /** One cluster's inventory at `at`. */
  cluster(cluster: ClusterSnapshot, at: number): ClusterInventory;
  /** Every cluster's inventory at `at`, in the snapshot's order. */
  fleet(snapshot: FleetSnapshot, at: number): ClusterInventory[];
}

/** `counterMinAgeMs`: how old an earlier scrape must be to rate counters against (default 1 minute). */
export function createInventory(settings: InventorySettings, counterMinAgeMs = EARLIER_MIN_AGE_MS): Inventory {
  const state = new Map<string, { memo: InventoryMemo; window: CounterWindow }>();
  const of = (name: string) => {
    let entry = state.get(name);
    if (!entry) state.set(name, (entry = { memo: createInventoryMemo(), window: new CounterWindow({ minAgeMs: counterMinAgeMs, metrics: RATED_COUNTERS }) }));
    return entry;
  };
  const cluster = (c: ClusterSnapshot, at: number): ClusterInventory => {
    const entry = of(c.name);
    return readInventory({ cluster: c, at, settings, memo: entry.memo, earlier: entry.window.get() });
  };
  return {
    observe: (c, at) => of(c.name).window.observe(c.prometheus, at),
    cluster,
    fleet: (snapshot, at) => snapshot.clusters.map((c) => cluster(c, at)),
  };
}
