import type { ClusterSnapshot, FleetSnapshot } from '../fleet/types';
import type { Sample, ScrapedSeries } from '../fleet/series';
import { isDeriving, type DerivingSeries } from '../sources/federate/sample';

/**
 * Keeps one earlier snapshot of the fleet, between `minAgeMs` and twice that
 * old, so counters (cAdvisor's CPU seconds, container restarts) can be rated
 * against it. Holds at most two snapshots. With `keep`, only those metrics
 * of each scrape are kept (decoded), not the whole scrape, so the memory is
 * that of the counters alone. The clock is passed in.
 */
export interface PreviousSnapshot {
  observe(snapshot: FleetSnapshot, now: number): void;
  /** The kept earlier snapshot, or undefined until one is `minAgeMs` old. */
  get(): FleetSnapshot | undefined;
}

export function createPreviousSnapshot(options: { minAgeMs: number; keep?: readonly string[] }): PreviousSnapshot {
  let previous: FleetSnapshot | undefined;
  let candidate: { snapshot: FleetSnapshot; at: number } | undefined;
  const kept = (snapshot: FleetSnapshot): FleetSnapshot => (options.keep ? { clusters: snapshot.clusters.map((c) => keepOnly(c, options.keep!)) } : snapshot);
  return {
    observe(snapshot, now) {
      if (!candidate) candidate = { snapshot: kept(snapshot), at: now };
      else if (now - candidate.at >= options.minAgeMs) {
        previous = candidate.snapshot;
        candidate = { snapshot: kept(snapshot), at: now };
      }
    },
    get: () => previous,
  };
}

function keepOnly(cluster: ClusterSnapshot, names: readonly string[]): ClusterSnapshot {
  const prometheus = cluster.prometheus;
  if (!prometheus) return cluster;
  return { ...cluster, prometheus: { ...prometheus, series: new KeptSeries(prometheus.series, names) } };
}

/** The named metrics of a scrape, decoded, with their versions (so unchanged counters are still known as such). */
class KeptSeries extends Map<string, readonly Sample[]> implements DerivingSeries {
  private readonly versions = new Map<string, object | null>();

  constructor(series: ScrapedSeries, names: readonly string[]) {
    super();
    for (const name of names) {
      const samples = series.get(name);
      if (!samples) continue;
      this.set(name, samples);
      this.versions.set(name, series.version(name));
    }
  }

  names(): MapIterator<string> {
    return this.keys();
  }

  version(name: string): object | null {
    return this.versions.get(name) ?? null;
  }

  /** The kept samples are decoded: nothing reads the body. */
  hold(): () => void {
    return () => {};
  }

  derive<T>(_key: string, _names: readonly string[], compute: () => T): T {
    return compute();
  }
}
