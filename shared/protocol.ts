/**
 * The websocket protocol of /ws. Server and web import the same union, so a
 * change here is a compile error on both sides until both follow.
 */
import type { ClusterHealth, FleetHealth } from './health';

export const PROTOCOL_VERSION = 1;

export interface HelloMessage {
  type: 'hello';
  protocol: typeof PROTOCOL_VERSION;
  serverTime: number;
}

/** The whole state; always the first message after hello. */
export interface SnapshotMessage {
  type: 'snapshot';
  seq: number;
  health: FleetHealth;
}

/** One cluster's health changed. */
export interface ClusterDeltaMessage {
  type: 'cluster';
  seq: number;
  cluster: ClusterHealth;
}

export interface HeartbeatMessage {
  type: 'heartbeat';
  serverTime: number;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type ServerMessage =
  | HelloMessage
  | SnapshotMessage
  | ClusterDeltaMessage
  | HeartbeatMessage
  | ErrorMessage;
