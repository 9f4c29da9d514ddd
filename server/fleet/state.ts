import type { SourceError } from '../../shared/errors';
import type { FederateData } from '../sources/federate/scrape';
import type { Sample } from '../sources/federate/sample';
import type { VersionInfo } from '../sources/kube/version';
import type { SourceResult } from '../sources/types';
import type { ClusterSnapshot, FleetSnapshot, SourceState } from './types';

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

function groupByName(samples: readonly Sample[]): Map<string, Sample[]> {
  const byName = new Map<string, Sample[]>();
  for (const sample of samples) {
    const list = byName.get(sample.name);
    if (list) list.push(sample);
    else byName.set(sample.name, [sample]);
  }
  return byName;
}

export interface ClusterIdentity {
  name: string;
  labels: Readonly<Record<string, string>>;
  hasPrometheus: boolean;
  hasKubernetes: boolean;
}

/**
 * The in-memory truth of the fleet. Sources write results in; everything
 * downstream reads immutable snapshots and is told which cluster changed.
 */
export class FleetState {
  private readonly clusters = new Map<string, ClusterSnapshot>();
  private readonly listeners = new Set<(cluster: string) => void>();

  constructor(identities: readonly ClusterIdentity[]) {
    for (const id of identities) {
      this.clusters.set(id.name, {
        name: id.name,
        labels: id.labels,
        prometheus: id.hasPrometheus ? { ...EMPTY_SOURCE, series: new Map(), sampleCount: 0, bytes: 0 } : null,
        kubernetes: id.hasKubernetes ? { ...EMPTY_SOURCE, version: null, nodes: null, events: [] } : null,
      });
    }
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (cluster: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  applyFederate(result: SourceResult<FederateData>): void {
    this.update(result.cluster, (cluster) => {
      const previous = cluster.prometheus;
      if (!previous) return cluster;
      const source = nextSourceState(previous, result);
      const prometheus = result.ok
        ? { ...source, series: groupByName(result.data.samples), sampleCount: result.data.samples.length, bytes: result.data.bytes }
        : { ...source, series: previous.series, sampleCount: previous.sampleCount, bytes: previous.bytes };
      return { ...cluster, prometheus };
    });
  }

  applyVersion(result: SourceResult<VersionInfo>): void {
    this.update(result.cluster, (cluster) => {
      const previous = cluster.kubernetes;
      if (!previous) return cluster;
      const source = nextSourceState(previous, result);
      return { ...cluster, kubernetes: { ...previous, ...source, version: result.ok ? result.data : previous.version } };
    });
  }

  snapshot(): FleetSnapshot {
    return { clusters: [...this.clusters.values()] };
  }

  private update(name: string, change: (cluster: ClusterSnapshot) => ClusterSnapshot): void {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new Error(`unknown cluster ${name}`);
    this.clusters.set(name, Object.freeze(change(cluster)));
    for (const listener of this.listeners) listener(name);
  }
}
