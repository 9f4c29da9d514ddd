import type { FleetEvent } from '../../shared/events';
import type { ClusterHealth } from '../../shared/health';
import type { ClusterEntry, ServerMessage, SparkPoint, StreamReports } from '../../shared/protocol';
import type { ServerStatus } from '../../shared/server-status';
import type { WallSettings } from '../../shared/wall';

/** One cluster as the page knows it. */
export interface ClusterView {
  health: ClusterHealth;
  /** Server epoch ms of the newest data held for the cluster; null when none ever arrived. */
  dataAt: number | null;
  spark: SparkPoint[];
}

/** What the page knows. Pure reducer over server messages; unit-tested. */
export interface FleetView {
  connection: 'connecting' | 'open' | 'offline';
  /** Browser epoch ms since when the server has been unreachable. */
  offlineSince: number | null;
  /** Server instance and newest applied sequence number: what a reconnect resumes from. */
  instance: string | null;
  seq: number;
  /** True once a snapshot (or a resume) made the state complete. */
  synced: boolean;
  /** Set when a delta did not follow on from `seq`: the connection must start over with a snapshot. */
  needsResync: boolean;
  clusters: ClusterView[];
  reports: Partial<StreamReports>;
  /** Recent events, oldest first, bounded by MAX_EVENTS. */
  events: FleetEvent[];
  /** Server clock minus browser clock, so ages are computed in server time. */
  clockSkewMs: number;
  lastMessageAt: number | null;
  staleAfterMs: number;
  sparkPoints: number;
  /** Fleet cost per month (first currency) each time a new cost report arrived while this page was open, oldest first. */
  costTrend: CostTrendPoint[];
  /** fleetscope's own condition (its store) as of the last hello or heartbeat; null before the first. */
  server: ServerStatus | null;
  /** The server's build as of the last hello; null before the first, or from a server that does not say. */
  build: { version: string; revision: string } | null;
  /** The config's wall playlists as of the last hello; null before the first. */
  wall: WallSettings | null;
}

export interface CostTrendPoint {
  t: number;
  currency: string;
  /** Per month: node cost, allocated to workloads, idle. */
  assets: number;
  allocated: number;
  idle: number;
}

export const MAX_TREND_POINTS = 360;

export const MAX_EVENTS = 500;

export const INITIAL_VIEW: FleetView = {
  connection: 'connecting',
  offlineSince: null,
  instance: null,
  seq: 0,
  synced: false,
  needsResync: false,
  clusters: [],
  reports: {},
  events: [],
  clockSkewMs: 0,
  lastMessageAt: null,
  staleAfterMs: 5 * 60_000,
  sparkPoints: 60,
  costTrend: [],
  server: null,
  build: null,
  wall: null,
};

const HOURS_PER_MONTH = 730;

function withCostPoint(trend: CostTrendPoint[], reports: Partial<StreamReports>): CostTrendPoint[] {
  const fleet = reports.cost?.fleet[0];
  if (!reports.cost || !fleet) return trend;
  const point = {
    t: reports.cost.generatedAt,
    currency: fleet.currency,
    assets: fleet.assets.total * HOURS_PER_MONTH,
    allocated: fleet.monthly,
    idle: fleet.idle.total * HOURS_PER_MONTH,
  };
  const next = [...trend.filter((p) => p.t < point.t), point];
  return next.length > MAX_TREND_POINTS ? next.slice(next.length - MAX_TREND_POINTS) : next;
}

function dataAt(entry: ClusterEntry): number | null {
  return entry.health.dataAgeMs === null ? null : entry.at - entry.health.dataAgeMs;
}

function lastPoints(points: SparkPoint[], max: number): SparkPoint[] {
  return points.length > max ? points.slice(points.length - max) : points;
}

function mergeEvents(current: FleetEvent[], incoming: FleetEvent[]): FleetEvent[] {
  if (incoming.length === 0) return current;
  const ids = new Set(incoming.map((e) => e.id));
  const merged = [...current.filter((e) => !ids.has(e.id)), ...incoming];
  return merged.length > MAX_EVENTS ? merged.slice(merged.length - MAX_EVENTS) : merged;
}

function applyClusters(view: FleetView, entries: ClusterEntry[]): ClusterView[] {
  const clusters = [...view.clusters];
  for (const entry of entries) {
    const index = clusters.findIndex((c) => c.health.cluster === entry.health.cluster);
    const previous = index === -1 ? [] : (clusters[index]?.spark ?? []);
    const next: ClusterView = { health: entry.health, dataAt: dataAt(entry), spark: lastPoints([...previous, ...entry.spark], view.sparkPoints) };
    if (index === -1) clusters.push(next);
    else clusters[index] = next;
  }
  return clusters;
}

export function applyMessage(view: FleetView, message: ServerMessage, receivedAt: number): FleetView {
  switch (message.type) {
    case 'hello': {
      const base = {
        ...view,
        connection: 'open' as const,
        offlineSince: null,
        needsResync: false,
        clockSkewMs: message.serverTime - receivedAt,
        lastMessageAt: receivedAt,
        staleAfterMs: message.staleAfterMs,
        sparkPoints: message.sparkPoints,
        instance: message.instance,
        server: message.server,
        build: message.build ?? null,
        wall: message.wall ?? { playlists: {}, defaultPlaylist: null },
      };
      // Not resumed: keep showing what we have until the snapshot replaces it.
      return message.resumed ? { ...base, synced: true } : { ...base, synced: false, seq: message.seq };
    }
    case 'snapshot':
      return {
        ...view,
        seq: message.seq,
        synced: true,
        clusters: message.clusters.map((entry) => ({ health: entry.health, dataAt: dataAt(entry), spark: lastPoints(entry.spark, view.sparkPoints) })),
        reports: message.reports,
        costTrend: withCostPoint(view.costTrend, message.reports),
        events: message.events.slice(Math.max(0, message.events.length - MAX_EVENTS)),
        clockSkewMs: message.serverTime - receivedAt,
        lastMessageAt: receivedAt,
      };
    case 'delta':
      if (message.fromSeq > view.seq || !view.synced) return { ...view, needsResync: true, lastMessageAt: receivedAt };
      return {
        ...view,
        seq: message.seq,
        clusters: applyClusters(view, message.clusters),
        reports: { ...view.reports, ...message.reports },
        costTrend: withCostPoint(view.costTrend, message.reports),
        events: mergeEvents(view.events, message.events),
        clockSkewMs: message.serverTime - receivedAt,
        lastMessageAt: receivedAt,
      };
    case 'heartbeat':
      return { ...view, clockSkewMs: message.serverTime - receivedAt, lastMessageAt: receivedAt, server: message.server };
    case 'error':
      return view;
  }
}

/** The connection dropped (browser epoch ms). */
export function wentOffline(view: FleetView, at: number): FleetView {
  return { ...view, connection: 'offline', offlineSince: view.offlineSince ?? at };
}
