/** Wire types of the fleet's "what changed" timeline (the wall's panel), shared by server and web. */
import type { ClusterStatus } from '../health';

/** What kind of change: a status transition, a burst of warning events, a control-plane version, a workload's image. */
export type ChangeKind = 'status' | 'burst' | 'version' | 'image';

/** One thing that changed in one cluster. */
export interface FleetChange {
  kind: ChangeKind;
  /** Epoch ms it happened (a burst: its newest occurrence). */
  at: number;
  cluster: string;
  /** What changed, for people: "healthy → degraded: 2 of 10 nodes NotReady", "kube-apiserver v1.30.6 → v1.31.0". */
  text: string;
  /** A status transition's new status (its colour and icon on the wall). */
  status?: ClusterStatus;
}

/** The fleet's recent changes, newest first. */
export interface FleetChanges {
  generatedAt: number;
  /** How far back it looks (ms). */
  windowMs: number;
  changes: FleetChange[];
}
