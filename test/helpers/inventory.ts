import type { ClusterSnapshot, FleetSnapshot } from '../../server/fleet/types';
import { readInventory } from '../../server/inventory/cluster';
import { keepCounters, type EarlierCounters } from '../../server/inventory/earlier';
import { RATED_COUNTERS } from '../../server/inventory/metrics';
import type { ClusterInventory } from '../../server/inventory/types';

/** The default of reports.health.staleAfter. */
const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

export interface InventoryOptions {
  /** reports.health.staleAfter: when the Kubernetes API's data goes stale (default 5m). */
  staleAfter?: number;
}

/** The counters of `cluster`'s scrape, as the inventory keeps them for rating (null before a successful scrape). */
export function earlierOf(cluster: ClusterSnapshot | undefined): EarlierCounters | null {
  const p = cluster?.prometheus;
  return p?.lastSuccess ? keepCounters(p.series, p.lastSuccess, RATED_COUNTERS) : null;
}

/** One cluster's inventory at `now`, nothing kept; `earlier`: the same cluster about a minute before, to rate counters. */
export function inventoryOf(cluster: ClusterSnapshot, now: number, options: InventoryOptions & { earlier?: ClusterSnapshot } = {}): ClusterInventory {
  return readInventory({
    cluster,
    at: now,
    settings: { kubernetesStaleAfterMs: options.staleAfter ?? DEFAULT_STALE_AFTER_MS },
    earlier: earlierOf(options.earlier),
  });
}

/** Every cluster's inventory at `now`; `earlier`: the fleet about a minute before. */
export function inventoriesOf(snapshot: FleetSnapshot, now: number, options: InventoryOptions & { earlier?: FleetSnapshot } = {}): ClusterInventory[] {
  const before = new Map(options.earlier?.clusters.map((c) => [c.name, c]));
  return snapshot.clusters.map((c) => inventoryOf(c, now, { ...options, earlier: before.get(c.name) }));
}
