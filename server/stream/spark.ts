import type { FleetEvent } from '../../shared/events';
import type { SparkPoint } from '../../shared/protocol';
import type { ClusterInventory } from '../inventory/types';

const MINUTE = 60_000;

/**
 * The series a tile's sparkline follows: warning events per minute, one
 * point per completed minute (t: the minute's start) over the last
 * `minutes`, from the cluster's event records (a merged record's
 * occurrences spread evenly between its first and last time seen). The
 * records are kept in the store and read back at start, so the line
 * survives a restart. Null for a cluster without the Kubernetes API (no
 * events): no sparkline rather than a line at zero. Pure.
 */
export function warningsPerMinute(inventory: Pick<ClusterInventory, 'kubernetes' | 'events'>, now: number, minutes: number): SparkPoint[] | null {
  if (!inventory.kubernetes) return null;
  const end = Math.floor(now / MINUTE) * MINUTE;
  const start = end - minutes * MINUTE;
  const counts = new Array<number>(minutes).fill(0);
  for (const e of inventory.events) {
    if (e.type !== 'Warning' || e.lastSeen < start || e.firstSeen >= end) continue;
    spread(e, start, end, counts);
  }
  return counts.map((v, i) => ({ t: start + i * MINUTE, v: Math.round(v * 10) / 10 }));
}

/** Adds a record's occurrences to the minutes they fall in (all in its last minute when it has no span). */
function spread(e: FleetEvent, start: number, end: number, counts: number[]): void {
  const span = e.lastSeen - e.firstSeen;
  if (span <= 0) {
    counts[Math.floor((e.lastSeen - start) / MINUTE)]! += e.count;
    return;
  }
  const perMs = e.count / span;
  for (let m = Math.max(start, Math.floor(e.firstSeen / MINUTE) * MINUTE); m < Math.min(end, e.lastSeen + 1); m += MINUTE) {
    const overlap = Math.min(m + MINUTE, e.lastSeen) - Math.max(m, e.firstSeen);
    if (overlap > 0) counts[(m - start) / MINUTE]! += overlap * perMs;
  }
}

/**
 * Sparklines computed once per cluster and minute, not on every change of
 * the cluster: `points` answers the series when a minute has completed
 * since the last answer for that cluster, else nothing new. A cluster
 * without the Kubernetes API has no events: its line is what `fromPrometheus`
 * holds for it (containers waiting, from its own Prometheus: prometheus-spark.ts).
 */
export function createSparkFeed(
  minutes: number,
  fromPrometheus: (cluster: string) => SparkPoint[] = () => [],
): { points(cluster: string, inventory: ClusterInventory, now: number): SparkPoint[] } {
  const lastMinute = new Map<string, number>();
  return {
    points(cluster, inventory, now) {
      if (!inventory.kubernetes) return fromPrometheus(cluster);
      const minute = Math.floor(now / MINUTE);
      if (lastMinute.get(cluster) === minute) return [];
      const series = warningsPerMinute(inventory, now, minutes);
      if (series) lastMinute.set(cluster, minute);
      return series ?? [];
    },
  };
}
