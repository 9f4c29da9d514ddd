import os from 'node:os';
import type { SparkPoint } from '../../shared/protocol';
import type { ClusterCandidates } from '../alerts/engine';
import type { ShardingConfig } from '../config/schema/sharding';
import type { FleetState } from '../fleet/state';
import type { FederationPlan } from '../http/federate-peers';
import type { Logger } from '../log';
import type { ClusterParts } from '../reports/parts';
import { createMembership, type Membership } from '../sharding/membership';
import { createSummaryReader, createSummaryWriter, type SummaryReader, type SummaryWriter } from '../sharding/summaries';
import type { ShardStore } from '../store/types';
import { createShardSources, type ShardSources } from './shard-sources';
import type { FleetSources } from './sources';

/**
 * What the owner of a cluster writes for the other replicas of a sharded
 * fleet: its share of every fleet report, its tile's sparkline, and what the
 * alert rules found (the leader evaluates `for`, groups and delivers).
 */
export interface ClusterSummary {
  readonly at: number;
  readonly parts: ClusterParts;
  readonly spark: readonly SparkPoint[];
  readonly alerts: ClusterCandidates;
}

/** A sharded replica's parts, wired by main.ts. */
export interface Sharding {
  readonly membership: Membership;
  readonly sources: ShardSources;
  readonly writer: SummaryWriter;
  readonly reader: SummaryReader;
  /** The summary another replica wrote of a cluster this one does not serve from its own data; null when the cluster is local or none was read yet. */
  remote(cluster: string): ClusterSummary | null;
  /** Whether this replica's own data of the cluster is what it serves (scraped here, first attempt in). */
  local(cluster: string): boolean;
  /** Whether this replica owns the cluster now (by the members it last read). */
  owns(cluster: string): boolean;
  /** What the other replicas found for the clusters they serve, and those of them no summary was read of yet (the alert engine's `remote`). */
  candidates(): ClusterCandidates;
  /** Where /federate takes each cluster asked (all when absent) from: here when scraped here, else its owner. */
  federationPlan(asked?: ReadonlySet<string>): FederationPlan;
  /** Whether this replica's heartbeat is written and it is among the members (/readyz). */
  up(): boolean;
  /** Grows whenever a remote summary read changes (what report caches key on). */
  version(): number;
  /** Heartbeat, the clusters of this replica started, the summaries listened to; resolves once each started cluster made its first attempt. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createSharding(options: {
  config: ShardingConfig;
  shards: ShardStore;
  clusters: readonly string[];
  fleet: FleetState;
  sources: () => FleetSources;
  /** The listen URL, known once listening (the default advertised URL). */
  url: () => string;
  /** This replica's summaries of local clusters now (one time, one evaluation), by cluster; a cluster left out has nothing to say. */
  summariesOf: (clusters: readonly string[]) => ReadonlyMap<string, ClusterSummary>;
  /** Told when what a replica serves of a cluster changed: a remote summary read, or the cluster became local or stopped being. */
  changed: (cluster: string) => void;
  logger: Logger;
  now: () => number;
}): Sharding {
  const { config, shards, fleet, logger, now } = options;
  const replica = config.replica ?? os.hostname();
  let version = 0;
  const membership = createMembership({
    shards,
    replica,
    url: () => config.advertiseUrl ?? options.url(),
    heartbeatIntervalMs: config.heartbeatInterval,
    memberTimeoutMs: config.memberTimeout,
    logger,
  });
  const sources = createShardSources({
    clusters: options.clusters,
    membership,
    sources: options.sources,
    fleet,
    handoverMs: config.handover,
    logger,
    now,
  });
  const writer = createSummaryWriter({
    shards,
    owner: replica,
    summariesOf: (clusters) => {
      const summaries = options.summariesOf(clusters.filter((c) => sources.local(c)));
      return new Map([...summaries].map(([cluster, summary]) => [cluster, JSON.stringify(summary)]));
    },
    logger,
  });
  const reader = createSummaryReader({
    shards,
    parse: (body) => JSON.parse(body) as ClusterSummary,
    changed: (cluster) => {
      version++;
      if (!sources.local(cluster)) options.changed(cluster);
    },
    logger,
  });
  const unsubscribeLocal = sources.onLocalChange((cluster) => {
    version++;
    writer.mark(cluster);
    options.changed(cluster);
  });
  const unsubscribeFleet = fleet.onChange((cluster) => {
    if (sources.local(cluster)) writer.mark(cluster);
  });
  let unsubscribeMembers = () => {};
  return {
    membership,
    sources,
    writer,
    reader,
    remote(cluster) {
      if (sources.local(cluster)) return null;
      return (reader.get(cluster)?.value as ClusterSummary | undefined) ?? null;
    },
    local: (cluster) => sources.local(cluster),
    owns: (cluster) => membership.ownerOf(cluster) === replica,
    candidates() {
      const candidates: ClusterCandidates['candidates'][number][] = [];
      const blind: string[] = [];
      for (const cluster of options.clusters) {
        if (sources.local(cluster)) continue;
        const summary = reader.get(cluster)?.value as ClusterSummary | undefined;
        if (!summary) blind.push(cluster);
        else {
          candidates.push(...summary.alerts.candidates);
          blind.push(...summary.alerts.blind);
        }
      }
      return { candidates, blind };
    },
    federationPlan(asked) {
      const here = new Set<string>();
      const elsewhere = new Map<string, { replica: string; url: string; clusters: string[] }>();
      const nowhere: string[] = [];
      const members = new Map(membership.members().map((m) => [m.replica, m]));
      for (const cluster of options.clusters) {
        if (asked && !asked.has(cluster)) continue;
        if (sources.local(cluster)) {
          here.add(cluster);
          continue;
        }
        const owner = membership.ownerOf(cluster);
        const member = owner === null || owner === replica ? undefined : members.get(owner);
        if (!member) {
          nowhere.push(cluster);
          continue;
        }
        const peer = elsewhere.get(member.replica) ?? { replica: member.replica, url: member.url, clusters: [] };
        peer.clusters.push(cluster);
        elsewhere.set(member.replica, peer);
      }
      return { here, elsewhere: [...elsewhere.values()], nowhere };
    },
    up: () => membership.up(),
    version: () => version,
    async start() {
      reader.start();
      await reader.readAll();
      writer.start();
      sources.start();
      unsubscribeMembers = membership.onChange(() => void sources.reconcile());
      await membership.start();
      await sources.reconcile();
    },
    async close() {
      unsubscribeMembers();
      unsubscribeLocal();
      unsubscribeFleet();
      sources.stop();
      await writer.close();
      await reader.close();
      await membership.close();
    },
  };
}
