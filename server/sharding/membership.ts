import { randomBytes } from 'node:crypto';
import { Gauge, type Registry } from 'prom-client';
import { periodic } from '../history/periodic';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../store/faults';
import type { ShardMember, ShardStore } from '../store/types';
import { ownerOf } from './rendezvous';

/**
 * The live replicas of a sharded fleet, by heartbeat rows in the store, and
 * which of them owns each cluster (rendezvous hashing over their names).
 * While the store cannot be reached, the last members read stay in force:
 * each replica keeps its clusters, and one whose heartbeat the others no
 * longer see is also covered by them (a cluster scraped twice, never none).
 */
export interface Membership {
  /** This replica's name. */
  readonly replica: string;
  /** The live members at the last heartbeat, by name. */
  members(): readonly ShardMember[];
  /** Whether this replica's last heartbeat was written and it is among the members it read. */
  up(): boolean;
  /** The cluster's owner among them; null before the first heartbeat. */
  ownerOf(cluster: string): string | null;
  /** Told after every heartbeat that changed the members. */
  onChange(listener: () => void): () => void;
  /** The first heartbeat (its failure logged), then one every interval. */
  start(): Promise<void>;
  /** Stops, and removes this replica's row so the others take its clusters at their next heartbeat. */
  close(): Promise<void>;
  /** `fleetscope_shard_members` and `fleetscope_shard_clusters{replica}` on /metrics. */
  register(registry: Registry, clusters: () => readonly string[]): void;
}

export function createMembership(options: {
  shards: ShardStore;
  replica: string;
  /** How the others reach this replica, read at each heartbeat (the listen address is known once listening). */
  url: () => string;
  heartbeatIntervalMs: number;
  memberTimeoutMs: number;
  logger: Logger;
}): Membership {
  const { shards, replica, url } = options;
  // A restarted process is a new instance of the same replica: a second live instance of one name is a mistake of the config.
  const instance = randomBytes(6).toString('hex');
  const logger = options.logger.child({ component: 'sharding', replica });
  const listeners = new Set<() => void>();
  let members: ShardMember[] = [];
  let names: string[] = [];
  let failing = false;
  let warnedDuplicate = false;

  async function beat(): Promise<void> {
    try {
      const answer = await shards.heartbeat({ replica, url: url(), instance }, options.memberTimeoutMs);
      if (answer.duplicate && !warnedDuplicate)
        logger.error(
          'another live process writes the heartbeat of this replica name: give each replica its own sharding.replica (a StatefulSet pod name), or both scrape the same clusters',
        );
      warnedDuplicate = answer.duplicate;
      if (failing) logger.info('heartbeat written again');
      failing = false;
      const next = answer.members.map((m) => m.replica);
      members = answer.members;
      if (next.join('\n') === names.join('\n')) return;
      const joined = next.filter((n) => !names.includes(n));
      const left = names.filter((n) => !next.includes(n));
      names = next;
      logger.info({ members: names, joined, left }, 'shard members changed');
      for (const listener of listeners) listener();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (!failing) logger.warn({ problem: error.problem }, 'heartbeat not written: the store is not working; the last members stay in force');
      failing = true;
    }
  }

  const beating = periodic(beat);
  return {
    replica,
    members: () => members,
    up: () => !failing && names.includes(replica),
    ownerOf: (cluster) => ownerOf(cluster, names),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await beating.run();
      beating.start(options.heartbeatIntervalMs);
    },
    async close() {
      await beating.stop();
      await shards.leave({ replica, instance }).catch((error: unknown) => {
        if (!(error instanceof StoreUnavailableError)) throw error;
      });
    },
    register(registry, clusters) {
      registry.registerMetric(
        new Gauge({
          name: 'fleetscope_shard_members',
          help: 'Live replicas of the sharded fleet, as this replica last read their heartbeats.',
          collect() {
            this.set(names.length);
          },
        }),
      );
      registry.registerMetric(
        new Gauge({
          name: 'fleetscope_shard_clusters',
          help: 'Clusters this replica scrapes and watches now (its own, and those it hands over).',
          labelNames: ['replica'],
          collect() {
            this.reset();
            this.set({ replica }, clusters().length);
          },
        }),
      );
    },
  };
}
