/**
 * The websocket protocol of /ws. Server and web import the same union, so a
 * change here is a compile error on both sides until both follow.
 *
 * Conversation (server → client only; the client never has to speak):
 *
 *   hello → snapshot → delta* (heartbeat interleaved)
 *   hello{resumed:true} → delta* when the client reconnected with
 *   `/ws?since=SEQ&instance=ID` and the server still holds every change after SEQ.
 *
 * Every change the server publishes gets the next sequence number. A delta
 * carries the newest state of everything that changed in `(fromSeq, seq]`
 * (coalesced: intermediate states of one cluster or report are skipped, events
 * are all kept). A client that applied a message with `seq` S has seen the
 * effect of every change up to S; it resumes with `since=S`.
 */
import type { FiringAlerts } from './firing-alerts';
import type { FleetChanges } from './reports/changes';
import type { FleetEvent } from './events';
import type { ClusterHealth } from './health';
import type { FleetCost } from './reports/cost';
import type { FleetHygiene } from './reports/hygiene';
import type { FleetSkew } from './reports/skew';
import type { ServerStatus } from './server-status';
import type { WallSettings } from './wall';

export const PROTOCOL_VERSION = 2;

/**
 * Fleet-wide reports the stream carries, by name; each `delta` carries the
 * whole new report of every name that changed. Add a report here (cost, skew,
 * alerts …) and both the hub and the web reducer must handle it.
 */
export interface StreamReports {
  cost: FleetCost;
  skew: FleetSkew;
  /** Fleet hygiene (Velero, Argo CD, Flux, cert-manager, etcd, Cilium, Istio, Gatekeeper, CIDRs, deprecated APIs). */
  hygiene: FleetHygiene;
  /** The alerts firing and not silenced, grouped as the chat notifications group them. */
  alerts: FiringAlerts;
  /** The "what changed" timeline: status transitions, warning bursts, version changes, new images. */
  changes: FleetChanges;
}
export type ReportName = keyof StreamReports;

/** One point of a tile's sparkline: server epoch ms (a minute's start) and a value (warning events in that minute). */
export interface SparkPoint {
  t: number;
  v: number;
}

/** What the stream knows about one cluster. */
export interface ClusterEntry {
  health: ClusterHealth;
  /** Server epoch ms at which `health` was computed; `health.dataAgeMs` is relative to it. */
  at: number;
  /**
   * In a snapshot: the whole sparkline, oldest first (bounded, see hello.sparkPoints).
   * In a delta: only the points added since `fromSeq`, to append.
   */
  spark: SparkPoint[];
}

export interface HelloMessage {
  type: 'hello';
  protocol: typeof PROTOCOL_VERSION;
  serverTime: number;
  /** Identifies this server process; a resume is only possible against the same instance. */
  instance: string;
  /** True when the server accepted `since`: deltas follow, no snapshot. */
  resumed: boolean;
  /** The newest change this server has published so far. */
  seq: number;
  /** Past this data age a cluster must be shown as stale, whatever its last status. */
  staleAfterMs: number;
  /** Most points a sparkline keeps. */
  sparkPoints: number;
  /** Minimum gap the server keeps between two state deltas to one client. */
  minDeltaIntervalMs: number;
  /** fleetscope's own condition (its store), as of now; every heartbeat carries it again. */
  server: ServerStatus;
  /**
   * The server's build; a wall that reconnects to a different one reloads
   * itself, so an upgrade reaches every screen. Absent from older servers.
   */
  build?: { version: string; revision: string };
  /** The config's wall playlists (`/wall?playlist=NAME`). Absent from older servers. */
  wall?: WallSettings;
}

/** The whole state. Follows hello unless the client resumed. */
export interface SnapshotMessage {
  type: 'snapshot';
  seq: number;
  serverTime: number;
  clusters: ClusterEntry[];
  reports: Partial<StreamReports>;
  /** Recent events, oldest first (bounded). */
  events: FleetEvent[];
}

/** Everything that changed in `(fromSeq, seq]`, newest state only. */
export interface DeltaMessage {
  type: 'delta';
  fromSeq: number;
  seq: number;
  serverTime: number;
  /** Clusters that changed: replace the health, append the spark points. */
  clusters: ClusterEntry[];
  /** Reports that changed: replace each whole. */
  reports: Partial<StreamReports>;
  /** New or updated events (same `id` replaces), oldest first. */
  events: FleetEvent[];
  /** Events published in the range but left out to bound the message (fetch /api/events for all). */
  eventsDropped: number;
}

/** Sent every few seconds even when nothing changes, so clients can tell a quiet server from a dead one. */
export interface HeartbeatMessage {
  type: 'heartbeat';
  seq: number;
  serverTime: number;
  /** fleetscope's own condition (its store), as of `serverTime`. */
  server: ServerStatus;
}

/**
 * A refused Origin, Host or credential gets its HTTP status at the handshake and a client too slow to read is cut off (it
 * could not read a message anyway): neither needs a code here. `revoked`: the credential the socket was opened with (a
 * token, a session) was revoked; the socket closes with CLOSE_CODES.revoked.
 */
export const STREAM_ERROR_CODES = ['shutting_down', 'revoked'] as const;
export type StreamErrorCode = (typeof STREAM_ERROR_CODES)[number];

/** Sent just before the server closes the socket on purpose. */
export interface ErrorMessage {
  type: 'error';
  code: StreamErrorCode;
  message: string;
}

export type ServerMessage = HelloMessage | SnapshotMessage | DeltaMessage | HeartbeatMessage | ErrorMessage;

/** Websocket close codes the server uses. */
export const CLOSE_CODES = {
  /** Server shutting down. */
  goingAway: 1001,
  /** The credential the socket was opened with was revoked (a token deleted, a session ended): do not reconnect with it. */
  revoked: 4401,
} as const;

/** The query string a reconnecting client adds to /ws. */
export function resumeQuery(since: number, instance: string): string {
  return `since=${since}&instance=${encodeURIComponent(instance)}`;
}
