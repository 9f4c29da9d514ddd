import type { ClusterHealth, ClusterStatus, FleetHealth } from '../../shared/health';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetHygiene } from '../../shared/reports/hygiene';
import type { FleetSkew } from '../../shared/reports/skew';
import type { InventoryReportKind } from '../../shared/reports/common';
import type { FleetState } from '../fleet/state';
import { createInventory } from '../inventory/inventory';
import type { ClusterInventory } from '../inventory/types';
import { costOfParts, costWithTotals } from '../reports/cost';
import { clusterHealth, healthOfParts } from '../reports/health';
import { hygieneOfParts, hygienePart } from '../reports/hygiene';
import { clusterParts, createPartMemos, type ClusterParts } from '../reports/parts';
import type { FleetReport } from '../reports/render';
import type { ReportSettings } from '../reports/settings';
import { skewOfParts, skewPart } from '../reports/skew';

/** The clusters a caller asked for, by name; absent: every cluster. */
export type ClusterFilter = (cluster: string) => boolean;

/**
 * `exact`: computed at exactly `at` from the clusters asked for, without the
 * memos (which hand back a cluster's part computed earlier in the same
 * minute): what the REST API and the report command answer.
 */
export interface ReportOptions {
  exact?: boolean;
}

/**
 * Each report as every consumer (REST, the stream, alerts, the report
 * command) sees it: the pure reports over the fleet's inventory, with the
 * memos that let a fleet report recompute only the clusters that changed.
 * Every fleet report is the roll-up of each cluster's parts (parts.ts).
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
  /** Every cluster's share of every fleet report at `at`, as plain JSON data (in a sharded fleet, another replica's for the clusters it serves). */
  parts(at: number): ClusterParts[];
  /** This replica's own parts of one cluster at `at` (what a sharded replica writes of its clusters); null when the fleet has no such cluster. */
  localParts(name: string, at: number): ClusterParts | null;
  /** The health another replica wrote of a cluster it serves, with this replica's status history; null when this replica serves the cluster from its own data. */
  remoteHealth(name: string, at: number): ClusterHealth | null;
  /**
   * The fleet's health of the clusters `only` keeps; with the status history
   * (statusSince, recentStatus: each status told to it) unless `history` is false.
   */
  fleetHealth(at: number, only?: ClusterFilter, options?: ReportOptions & { history?: boolean }): FleetHealth;
  cost(at: number, only?: ClusterFilter, options?: ReportOptions): FleetCost;
  skew(at: number, only?: ClusterFilter, options?: ReportOptions): FleetSkew;
  hygiene(at: number, only?: ClusterFilter, options?: ReportOptions): FleetHygiene;
  /** A fleet report as the REST API and the report command answer it: exact, health without the status history. */
  report(kind: InventoryReportKind, at: number, only?: ClusterFilter): FleetReport;
}

/** Where a cluster's status is told on each computation and its "since" is read (server/history/status-history.ts). */
export interface StatusObserver {
  observe(health: ClusterHealth, at: number): void;
  since(cluster: string): number | null;
  transitions(cluster: string, from: number): ReadonlyArray<{ at: number; to: ClusterStatus }>;
}

/** In a sharded fleet, the parts of the clusters another replica serves, as it wrote them (compose/sharding.ts). */
export interface RemoteParts {
  /** The cluster's parts written by the replica that serves it, and when it computed them; null when this replica serves it from its own data, or none was read yet. */
  part(cluster: string): { at: number; parts: ClusterParts } | null;
  /** Grows whenever a remote part changes or a cluster moves (what the parts' cache keys on). */
  version(): number;
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
  /** A sharded fleet's remote parts; absent: every cluster from this replica's own data. */
  remote?: RemoteParts;
}): ReportService {
  const { settings, fleet, history, remote } = options;
  const health = settings.reports.health;
  const inventory = createInventory({ kubernetesStaleAfterMs: health.staleAfter }, options.counterMinAgeMs);
  const memos = createPartMemos();
  /** Another replica's parts of a cluster, their data's age told as of `at`. */
  function remotePart(name: string, at: number): ClusterParts | null {
    const written = remote?.part(name);
    if (!written) return null;
    const { parts } = written;
    const age = parts.health.dataAgeMs;
    return age === null ? parts : { ...parts, health: { ...parts.health, dataAgeMs: age + Math.max(0, at - written.at) } };
  }
  const inventories = (at: number) => inventory.fleet(fleet.snapshot(), at);
  // The last parts, handed back while the time, every cluster's snapshot and the remote parts are the same (the stream asks three reports at one `at`).
  let last: { at: number; clusters: readonly unknown[]; version: number; parts: ClusterParts[] } | null = null;
  function parts(at: number): ClusterParts[] {
    const snapshot = fleet.snapshot();
    const clusters = snapshot.clusters;
    const version = remote?.version() ?? 0;
    if (last && last.at === at && last.version === version && last.clusters.length === clusters.length && last.clusters.every((c, i) => c === clusters[i]))
      return last.parts;
    const value = clusters.map((c) => remotePart(c.name, at) ?? clusterParts(inventory.cluster(c, at), at, settings, memos));
    last = { at, clusters, version, parts: value };
    return value;
  }
  const partsOf = (at: number, only: ClusterFilter | undefined) => (only ? parts(at).filter((p) => only(p.cluster)) : parts(at));
  /** The clusters asked for at exactly `at`: each one's `local` of its inventory, or `ofPart` of the part another replica wrote. */
  function exactly<T>(at: number, only: ClusterFilter | undefined, local: (c: ClusterInventory) => T, ofPart: (p: ClusterParts) => T): T[] {
    const clusters = fleet.snapshot().clusters.filter((c) => !only || only(c.name));
    return clusters.map((c) => {
      const part = remotePart(c.name, at);
      return part ? ofPart(part) : local(inventory.cluster(c, at));
    });
  }
  function withSince(h: ClusterHealth, at: number): ClusterHealth {
    if (!history) return h;
    history.observe(h, at);
    const recentStatus = history
      .transitions(h.cluster, at - RECENT_MS)
      .slice(-RECENT_MAX)
      .map((t) => ({ at: t.at, status: t.to }));
    return { ...h, statusSince: history.since(h.cluster), recentStatus };
  }
  const service: ReportService = {
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
    parts,
    localParts(name, at) {
      const cluster = fleet.cluster(name);
      return cluster ? clusterParts(inventory.cluster(cluster, at), at, settings, memos) : null;
    },
    remoteHealth(name, at) {
      const part = remotePart(name, at);
      return part ? withSince(part.health, at) : null;
    },
    fleetHealth(at, only, options) {
      const fleetReport = healthOfParts(
        options?.exact
          ? exactly(
              at,
              only,
              (c) => clusterHealth(c, at, health),
              (p) => p.health,
            )
          : partsOf(at, only).map((p) => p.health),
        at,
      );
      return history && options?.history !== false ? { ...fleetReport, clusters: fleetReport.clusters.map((c) => withSince(c, at)) } : fleetReport;
    },
    cost: (at, only, options) =>
      costOfParts(
        options?.exact
          ? exactly(
              at,
              only,
              (c) => costWithTotals(c, settings),
              (p) => p.cost,
            )
          : partsOf(at, only).map((p) => p.cost),
        at,
      ),
    skew: (at, only, options) =>
      options?.exact
        ? skewOfParts(
            exactly(
              at,
              only,
              (c) => skewPart(c, at, settings),
              (p) => p.skew,
            ),
            at,
          )
        : skewOfParts(
            partsOf(at, only).map((p) => p.skew),
            at,
            memos.skew,
          ),
    hygiene: (at, only, options) =>
      hygieneOfParts(
        options?.exact
          ? exactly(
              at,
              only,
              (c) => hygienePart(c, at, settings),
              (p) => p.hygiene,
            )
          : partsOf(at, only).map((p) => p.hygiene),
        at,
        settings,
      ),
    report(kind, at, only) {
      const exact = { exact: true };
      if (kind === 'health') return { kind, report: service.fleetHealth(at, only, { ...exact, history: false }) };
      if (kind === 'cost') return { kind, report: service.cost(at, only, exact) };
      if (kind === 'skew') return { kind, report: service.skew(at, only, exact) };
      return { kind, report: service.hygiene(at, only, exact) };
    },
  };
  return service;
}
