import type { ClusterHealth } from '../../shared/health';
import type { ServerMessage } from '../../shared/protocol';

/** What the page knows. Pure reducer over server messages; unit-tested. */
export interface FleetView {
  connection: 'connecting' | 'open' | 'offline';
  clusters: ClusterHealth[];
  seq: number;
  /** Server clock minus browser clock, so ages are computed in server time. */
  clockSkewMs: number;
  lastMessageAt: number | null;
}

export const INITIAL_VIEW: FleetView = { connection: 'connecting', clusters: [], seq: 0, clockSkewMs: 0, lastMessageAt: null };

export function applyMessage(view: FleetView, message: ServerMessage, receivedAt: number): FleetView {
  switch (message.type) {
    case 'hello':
      return { ...view, connection: 'open', clockSkewMs: message.serverTime - receivedAt, lastMessageAt: receivedAt };
    case 'snapshot':
      return { ...view, clusters: message.health.clusters, seq: message.seq, lastMessageAt: receivedAt };
    case 'cluster': {
      const index = view.clusters.findIndex((c) => c.cluster === message.cluster.cluster);
      const clusters = index === -1 ? [...view.clusters, message.cluster] : view.clusters.map((c, i) => (i === index ? message.cluster : c));
      return { ...view, clusters, seq: message.seq, lastMessageAt: receivedAt };
    }
    case 'heartbeat':
      return { ...view, clockSkewMs: message.serverTime - receivedAt, lastMessageAt: receivedAt };
    case 'error':
      return view;
  }
}
