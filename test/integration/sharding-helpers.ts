import type { ClusterHealth, ClusterStatus, FleetHealth } from '../../shared/health';
import type { ServerMessage } from '../../shared/protocol';
import type { ServeChild } from '../helpers/command';
import { connectWs } from '../helpers/ws-client';

/** The config of a sharded replica in the tests and the sharded bench: short heartbeats so that a lost replica's clusters move in seconds. */
export function shardConfig(options: {
  clusters: unknown[];
  postgresUrl: string;
  replica: string;
  intervals?: { heartbeat: string; memberTimeout: string; handover: string };
}) {
  const intervals = options.intervals ?? { heartbeat: '1s', memberTimeout: '3s', handover: '5s' };
  return {
    clusters: options.clusters,
    store: { postgres: { url: options.postgresUrl } },
    sharding: {
      enabled: true,
      replica: options.replica,
      heartbeatInterval: intervals.heartbeat,
      memberTimeout: intervals.memberTimeout,
      handover: intervals.handover,
    },
  };
}

/** Each replica's `fleetscope_shard_clusters` (the clusters it scrapes now, handovers included); -1 for one that does not answer. */
export async function sharesOf(replicas: readonly ServeChild[]): Promise<number[]> {
  return Promise.all(
    replicas.map(async (r) => {
      const text = await fetch(`${r.url}/metrics`)
        .then((res) => res.text())
        .catch(() => '');
      const m = /^fleetscope_shard_clusters\{[^}]*\} (\d+)$/m.exec(text);
      return m ? Number(m[1]) : -1;
    }),
  );
}

/** The names of the clusters with this status, sorted. */
export function clustersOf(fleet: FleetHealth, status: ClusterStatus): string[] {
  return fleet.clusters
    .filter((c) => c.status === status)
    .map((c) => c.cluster)
    .sort();
}

/**
 * A websocket client of the wall: the tiles as its snapshot and deltas leave
 * them, and every tile it was ever shown that was not healthy since the last
 * `resetWorst` (what a person watching the wall would have seen).
 */
export async function watchWall(url: string) {
  const client = await connectWs(`${url.replace('http', 'ws')}/ws`);
  const tiles = new Map<string, ClusterHealth>();
  let snapshot = false;
  let worst: string[] = [];
  const take = (message: ServerMessage) => {
    if (message.type !== 'snapshot' && message.type !== 'delta') return;
    if (message.type === 'snapshot') snapshot = true;
    for (const entry of message.clusters) {
      tiles.set(entry.health.cluster, entry.health);
      if (entry.health.status !== 'healthy') worst.push(`${entry.health.cluster} ${entry.health.status} at ${message.serverTime}`);
    }
  };
  for (const m of client.messages) take(m);
  client.socket.on('message', () => take(client.messages.at(-1)!));
  return {
    /** Whether a snapshot came. */
    received: () => snapshot,
    /** The clusters whose tile is healthy now, sorted. */
    healthy: () =>
      [...tiles.values()]
        .filter((h) => h.status === 'healthy')
        .map((h) => h.cluster)
        .sort(),
    worst: () => worst,
    resetWorst: () => {
      worst = [];
    },
    close: client.close,
  };
}
