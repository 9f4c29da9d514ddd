import type { ClusterHealth, ClusterStatus, FleetHealth } from '../../shared/health';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetHygiene } from '../../shared/reports/hygiene';
import type { FleetSkew } from '../../shared/reports/skew';
import type { FleetState } from '../fleet/state';
import { createInventory } from '../inventory/inventory';
import type { ClusterInventory } from '../inventory/types';
import { fleetCost, type CostWithTotals } from '../reports/cost';
import { clusterHealth, fleetHealth } from '../reports/health';
import { createHygieneMemo, fleetHygiene } from '../reports/hygiene';
import { ClusterMemo } from '../reports/memo';
import type { ReportSettings } from '../reports/settings';
import { createSkewMemo, fleetSkew } from '../reports/skew';

/**
 * Each report as every consumer (REST, the stream, alerts, the report
 * command) sees it: the pure reports over the fleet's inventory, with the
 * memos that let a fleet report recompute only the clusters that changed.
 */
export interface ReportService {
  readonly settings: ReportSettings;
  /** Takes in a cluster after it changed (the inventory keeps its counters to rate them later). */
  observe(name: string, at: number): void;
  // Properties, not methods: these three are handed on as callbacks (main.ts), unbound.
  /** Every cluster's inventory at `at`. */
  inventories: (at: number) => ClusterInventory[];
  /** One cluster's inventory at `at`; null when the fleet has no such cluster. */
  inventory: (name: string, at: number) => ClusterInventory | null;
  health: (inventory: ClusterInventory) => ClusterHealth;
  fleetHealth(at: number): FleetHealth;
  cost(at: number): FleetCost;
  skew(at: number): FleetSkew;
  hygiene(at: number): FleetHygiene;
}

/** Where a cluster's status is told on each computation and its "since" is read (server/history/status-history.ts). */
export interface StatusObserver {
  observe(health: ClusterHealth, at: number): void;
  since(cluster: string): number | null;
  transitions(cluster: string, from: number): ReadonlyArray<{ at: number; to: ClusterStatus }>;
}

/** How far back `recentStatus` goes (the wall's status strip), and how many transitions it carries at most (the newest). */
const RECENT_MS = 86_400_000;
const RECENT_MAX = 288;

export function createReportService(options: {
  fleet: Pick<FleetState, 'snapshot' | 'cluster'>;
  settings: ReportSettings;
  /** How old an earlier scrape must be to rate counters against (default 1 minute). */
  counterMinAgeMs?: number;
  /** Told every status computed, and asked since when it holds; absent: no `statusSince`. */
  history?: StatusObserver;
}): ReportService {
  const { settings, fleet, history } = options;
  const health = settings.reports.health;
  const inventory = createInventory({ kubernetesStaleAfterMs: health.staleAfter }, options.counterMinAgeMs);
  const costMemo = new ClusterMemo<CostWithTotals>();
  const skewMemo = createSkewMemo();
  const hygieneMemo = createHygieneMemo();
  const inventories = (at: number) => inventory.fleet(fleet.snapshot(), at);
  function withSince(h: ClusterHealth, at: number): ClusterHealth {
    if (!history) return h;
    history.observe(h, at);
    const recentStatus = history
      .transitions(h.cluster, at - RECENT_MS)
      .slice(-RECENT_MAX)
      .map((t) => ({ at: t.at, status: t.to }));
    return { ...h, statusSince: history.since(h.cluster), recentStatus };
  }
  return {
    settings,
    observe(name, at) {
      const cluster = fleet.cluster(name);
      if (cluster) inventory.observe(cluster, at);
    },
    inventories,
    inventory: (name, at) => {
      const cluster = fleet.cluster(name);
      return cluster ? inventory.cluster(cluster, at) : null;
    },
    health: (c) => withSince(clusterHealth(c, c.at, health), c.at),
    fleetHealth(at) {
      const fleetReport = fleetHealth(inventories(at), at, health);
      return history ? { ...fleetReport, clusters: fleetReport.clusters.map((c) => withSince(c, at)) } : fleetReport;
    },
    cost: (at) => fleetCost(inventories(at), at, settings, costMemo),
    skew: (at) => fleetSkew(inventories(at), at, settings, skewMemo),
    hygiene: (at) => fleetHygiene(inventories(at), at, settings, hygieneMemo),
  };
}
