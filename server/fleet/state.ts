import type { SourceError } from '../../shared/errors';
import type { FleetEvent } from '../../shared/events';
import type { NodeInfo } from '../../shared/nodes';
import type { ObservedEvent, PrometheusScrape, SourceResult, VersionInfo } from './inputs';
import { EventRing } from './event-ring';
import { NO_SERIES } from './series';
import { DEFAULT_STALE_AFTER_MS } from './staleness';
import type { ClusterSnapshot, FleetSnapshot, SourceState } from './types';
import { NO_WATCH_TROUBLE, withBadLine, withRelist, type WatchedResource, type WatchStatus } from './watches';

const EMPTY_SOURCE: SourceState = { lastAttempt: null, lastSuccess: null, lastDurationMs: null, error: null, failures: {} };

function nextSourceState(previous: SourceState, result: SourceResult<unknown>): SourceState {
  if (result.ok) return { lastAttempt: result.at, lastSuccess: result.at, lastDurationMs: result.durationMs, error: null, failures: previous.failures };
  const error: SourceError = result.error;
  return {
    lastAttempt: result.at,
    lastSuccess: previous.lastSuccess,
    lastDurationMs: result.durationMs,
    error: { kind: error.kind, message: error.message, since: previous.error?.since ?? result.at },
    failures: { ...previous.failures, [error.kind]: (previous.failures[error.kind] ?? 0) + 1 },
  };
}

export interface ClusterIdentity {
  name: string;
  labels: Readonly<Record<string, string>>;
  hasPrometheus: boolean;
  /** Age past which the cluster's Prometheus series leave the reports (default 5 minutes). */
  staleAfterMs?: number;
  hasKubernetes: boolean;
  /** Most events kept for this cluster (default 1000). */
  eventRingSize?: number;
}

/**
 * The in-memory truth of the fleet. Sources write results in; everything
 * downstream reads immutable snapshots and is told which cluster changed.
 */
export class FleetState {
  private readonly clusters = new Map<string, ClusterSnapshot>();
  private readonly listeners = new Set<(cluster: string) => void>();
  private readonly eventListeners = new Set<(cluster: string, events: readonly FleetEvent[]) => void>();
  private readonly rings = new Map<string, EventRing>();

  private readonly identities = new Map<string, ClusterIdentity>();

  constructor(identities: readonly ClusterIdentity[]) {
    for (const id of identities) {
      this.identities.set(id.name, id);
      this.clusters.set(id.name, FleetState.empty(id));
      if (id.hasKubernetes) this.rings.set(id.name, new EventRing(id.eventRingSize ?? 1000));
    }
  }

  private static empty(id: ClusterIdentity): ClusterSnapshot {
    return {
      name: id.name,
      labels: id.labels,
      prometheus: id.hasPrometheus
        ? { ...EMPTY_SOURCE, series: NO_SERIES, sampleCount: 0, bytes: 0, duplicates: 0, staleAfterMs: id.staleAfterMs ?? DEFAULT_STALE_AFTER_MS }
        : null,
      kubernetes: id.hasKubernetes ? { ...EMPTY_SOURCE, version: null, nodes: null, events: [], watches: NO_WATCH_TROUBLE } : null,
    };
  }

  /**
   * Drops what the cluster's sources wrote (its series, nodes, version and
   * source states), as before its first fetch: a sharded replica that gave
   * the cluster away keeps no memory of it. Its events stay (they are read
   * back from the store).
   */
  forget(name: string): void {
    const id = this.identities.get(name);
    if (id) this.update(name, () => FleetState.empty(id));
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (cluster: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  applyFederate(result: SourceResult<PrometheusScrape>): void {
    this.update(result.cluster, (cluster) => {
      const previous = cluster.prometheus;
      if (!previous) return cluster;
      const source = nextSourceState(previous, result);
      // A successful scrape replaces every series (so vanished ones vanish); a failed one keeps the last data, aging.
      const prometheus = result.ok
        ? { ...previous, ...source, series: result.data.series, sampleCount: result.data.samples, bytes: result.data.bytes, duplicates: result.data.duplicates }
        : { ...previous, ...source };
      return { ...cluster, prometheus };
    });
  }

  /**
   * Subscribes to new and updated events (merged records; a repeat replaces
   * the record with the same id). Event changes do not fire `onChange`: they
   * are many, and `snapshot()` always carries the current ring.
   */
  onEvents(listener: (cluster: string, events: readonly FleetEvent[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Reachability of the cluster's API server (all of its watches and polls together). */
  applyKubeStatus(result: SourceResult<unknown>): void {
    this.update(result.cluster, (cluster) => {
      const previous = cluster.kubernetes;
      if (!previous) return cluster;
      return { ...cluster, kubernetes: { ...previous, ...nextSourceState(previous, result) } };
    });
  }

  /** One of the cluster's watches could not go on and listed again, at `at`, for `reason` ("410 Gone"). */
  applyKubeRelist(name: string, relist: { resource: WatchedResource; at: number; reason: string }): void {
    this.updateWatch(name, relist.resource, (watch) => withRelist(watch, relist.at, relist.reason));
  }

  /** A line of one of the cluster's watch streams was not a watch event (the failure itself arrives through applyKubeStatus). */
  applyKubeBadLine(name: string, resource: WatchedResource): void {
    this.updateWatch(name, resource, withBadLine);
  }

  private updateWatch(name: string, resource: WatchedResource, change: (watch: WatchStatus) => WatchStatus): void {
    this.update(name, (cluster) => {
      const previous = cluster.kubernetes;
      if (!previous) return cluster;
      const watches = Object.freeze({ ...previous.watches, [resource]: Object.freeze(change(previous.watches[resource])) });
      return { ...cluster, kubernetes: { ...previous, watches } };
    });
  }

  applyKubeVersion(name: string, version: VersionInfo): void {
    this.update(name, (cluster) => {
      const previous = cluster.kubernetes;
      if (!previous || previous.version?.gitVersion === version.gitVersion) return cluster;
      return { ...cluster, kubernetes: { ...previous, version } };
    });
  }

  applyNodes(name: string, nodes: readonly NodeInfo[]): void {
    this.update(name, (cluster) => {
      const previous = cluster.kubernetes;
      if (!previous) return cluster;
      return { ...cluster, kubernetes: { ...previous, nodes: Object.freeze([...nodes]) } };
    });
  }

  /** Records watched or listed Event objects; returns the records that changed (none for a repeat already seen). */
  applyKubeEvents(name: string, observed: readonly ObservedEvent[]): FleetEvent[] {
    const ring = this.rings.get(name);
    if (!ring) return [];
    const changed: FleetEvent[] = [];
    for (const one of observed) {
      const change = ring.observe(one);
      if (change.kind !== 'unchanged') changed.push(change.event);
    }
    if (changed.length) for (const listener of this.eventListeners) listener(name, changed);
    return changed;
  }

  /** Puts back events kept in the store (after a restart or a failover) into their clusters' rings; those of clusters not in the fleet are left out. */
  restoreEvents(events: readonly FleetEvent[]): void {
    const byCluster = new Map<string, FleetEvent[]>();
    for (const e of events) {
      const list = byCluster.get(e.cluster) ?? [];
      list.push(e);
      byCluster.set(e.cluster, list);
    }
    for (const [name, list] of byCluster) this.rings.get(name)?.restore(list);
  }

  /** Takes events as the replica that watches their clusters keeps them (EventRing.mirror); answers those that changed. */
  mirrorEvents(events: readonly FleetEvent[]): FleetEvent[] {
    const changed: FleetEvent[] = [];
    for (const e of events) {
      const ring = this.rings.get(e.cluster);
      if (ring) changed.push(...ring.mirror([e]));
    }
    return changed;
  }

  /** The newest events of every cluster (or one), oldest change first within a cluster. */
  events(cluster?: string): readonly FleetEvent[] {
    if (cluster !== undefined) return this.rings.get(cluster)?.toArray() ?? [];
    return [...this.rings.values()].flatMap((ring) => ring.toArray());
  }

  /** One cluster's snapshot, as snapshot() holds it; undefined for a name not in the fleet. */
  cluster(name: string): ClusterSnapshot | undefined {
    const cluster = this.clusters.get(name);
    return cluster && this.withEvents(cluster);
  }

  snapshot(): FleetSnapshot {
    return { clusters: [...this.clusters.values()].map((cluster) => this.withEvents(cluster)) };
  }

  /** Brings a cluster's snapshot up to date with its event ring (rebuilt only when the ring changed). */
  private withEvents(cluster: ClusterSnapshot): ClusterSnapshot {
    const ring = this.rings.get(cluster.name);
    if (!ring || !cluster.kubernetes || cluster.kubernetes.events === ring.toArray()) return cluster;
    const fresh = Object.freeze({ ...cluster, kubernetes: { ...cluster.kubernetes, events: ring.toArray() } });
    this.clusters.set(cluster.name, fresh);
    return fresh;
  }

  private update(name: string, change: (cluster: ClusterSnapshot) => ClusterSnapshot): void {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new Error(`unknown cluster ${name}`);
    const next = change(cluster);
    if (next === cluster) return;
    this.clusters.set(name, Object.freeze(next));
    for (const listener of this.listeners) listener(name);
  }
}
