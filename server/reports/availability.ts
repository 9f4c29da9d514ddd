import { CLUSTER_STATUSES } from '../../shared/health';
import type { AvailabilityWindow, ClusterAvailability, FleetAvailability, FleetAvailabilityWindow, StatusDurations } from '../../shared/reports/availability';
import type { StatusTransition } from '../store/types';

const DAY_MS = 86_400_000;

/** The windows of the report unless one is asked for: the last 1, 7 and 30 days. */
export const DEFAULT_AVAILABILITY_WINDOWS_MS: readonly number[] = [DAY_MS, 7 * DAY_MS, 30 * DAY_MS];

/** What the report reads of a transition: which cluster, when, and the status it went to. */
export type TransitionInput = Pick<StatusTransition, 'cluster' | 'at' | 'to'>;

/** The longest window one may ask for (`?days=`, `--days`). */
const MAX_DAYS = 366;

/** `?days=N` or `--days N`: one window of N days instead of the default ones; absent, the default. */
export function readAvailabilityDays(text: string | undefined): { ok: true; windowsMs: readonly number[] } | { ok: false; message: string } {
  if (text === undefined) return { ok: true, windowsMs: DEFAULT_AVAILABILITY_WINDOWS_MS };
  const days = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= MAX_DAYS)) return { ok: false, message: `must be a whole number of days from 1 to ${MAX_DAYS} (got "${text}")` };
  return { ok: true, windowsMs: [days * DAY_MS] };
}

export interface AvailabilityOptions {
  /** The clusters to report on, in the report's order (a cluster without transitions is all unknown). */
  clusters: readonly string[];
  /** Their status transitions, in any order; those of other clusters are ignored. */
  transitions: readonly TransitionInput[];
  now: number;
  /** How long the store keeps transitions (store.historyRetention). */
  retentionMs: number;
  /** The windows, each ending at `now`; default 1, 7 and 30 days. */
  windowsMs?: readonly number[];
}

const zero = (): StatusDurations => ({ healthy: 0, degraded: 0, critical: 0, unreachable: 0, unknown: 0 });

/** "1d", "7d", "30d"; "6h" or "90m" for a window of no whole days. */
export function windowLabel(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}

/** One cluster's window: each transition's status holds from its time to the next one's (the last one to `now`); the rest is unknown. */
function clusterWindow(list: readonly TransitionInput[], options: { now: number; windowMs: number; retentionMs: number }): AvailabilityWindow {
  const { now, windowMs, retentionMs } = options;
  const from = now - windowMs;
  const ms = zero();
  let coveredFrom: number | null = null;
  list.forEach((t, i) => {
    const start = Math.max(t.at, from);
    const end = Math.min(list[i + 1]?.at ?? now, now);
    if (end <= start) return;
    ms[t.to] += end - start;
    if (t.to !== 'unknown') coveredFrom ??= start;
  });
  const counted = CLUSTER_STATUSES.reduce((sum, s) => sum + ms[s], 0);
  ms.unknown += windowMs - counted;
  const share = zero();
  for (const s of CLUSTER_STATUSES) share[s] = ms[s] / windowMs;
  return {
    windowMs,
    label: windowLabel(windowMs),
    from,
    to: now,
    coveredMs: windowMs - ms.unknown,
    coveredFrom,
    beforeRetention: windowMs > retentionMs,
    ms,
    share,
  };
}

function fleetWindow(windows: readonly AvailabilityWindow[]): FleetAvailabilityWindow {
  const [first] = windows;
  if (!first) throw new Error('a fleet mean needs at least one cluster');
  const mean = (pick: (w: AvailabilityWindow) => number) => windows.reduce((sum, w) => sum + pick(w), 0) / windows.length;
  const ms = zero();
  const share = zero();
  for (const s of CLUSTER_STATUSES) {
    ms[s] = mean((w) => w.ms[s]);
    share[s] = mean((w) => w.share[s]);
  }
  return {
    windowMs: first.windowMs,
    label: first.label,
    from: first.from,
    to: first.to,
    clusters: windows.length,
    coveredMs: mean((w) => w.coveredMs),
    ms,
    share,
  };
}

/**
 * Time healthy, degraded, critical and unreachable per cluster over each
 * window, from the status transitions; time before a cluster's first
 * transition (or after one to `unknown`) is unknown, so a window longer than
 * the history shows how much of it is covered instead of counting it as
 * healthy. Transitions after `now` are ignored. Pure.
 */
export function availabilityReport(options: AvailabilityOptions): FleetAvailability {
  const { now, retentionMs } = options;
  const windowsMs = options.windowsMs ?? DEFAULT_AVAILABILITY_WINDOWS_MS;
  const byCluster = new Map<string, TransitionInput[]>(options.clusters.map((name) => [name, []]));
  for (const t of options.transitions) if (t.at <= now) byCluster.get(t.cluster)?.push(t);
  const clusters: ClusterAvailability[] = options.clusters.map((cluster) => {
    const list = (byCluster.get(cluster) ?? []).sort((a, b) => a.at - b.at);
    return { cluster, windows: windowsMs.map((windowMs) => clusterWindow(list, { now, windowMs, retentionMs })) };
  });
  const fleet = clusters.length ? windowsMs.map((_, i) => fleetWindow(clusters.map((c) => c.windows[i]).filter((w) => w !== undefined))) : [];
  return { generatedAt: now, retentionMs, clusters, fleet };
}
