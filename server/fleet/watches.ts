/**
 * How each Kubernetes watch of a cluster fares: relists and malformed
 * lines. Pure: the sources report facts (a relist and why, a bad line), the
 * fleet keeps them here, the health report judges at its `now`.
 */

/** The resources fleetscope watches. */
export type WatchedResource = 'events' | 'nodes';

/**
 * A watch that went this long without a relist is healthy again: the same
 * two minutes after which client-go's reflector (and the informer) forget
 * their back-off.
 */
export const HEALTHY_WATCH_MS = 2 * 60_000;

/** From the second relist of a run on, a watch is `relisting`: one relist after a 410 is what a healthy watch does now and then. */
export const RELISTING_FROM = 2;

/** Relists that followed each other with less than HEALTHY_WATCH_MS between them. */
export interface RelistRun {
  /** Epoch ms of the first relist of the run. */
  readonly since: number;
  /** Epoch ms of the latest. */
  readonly last: number;
  /** Relists in the run (≥ 1). */
  readonly count: number;
  /** Why the latest relist was needed: "410 Gone", "HTTP 403", … */
  readonly reason: string;
}

export interface WatchStatus {
  /** Relists since start (every list after the first that the watch could not go on without). */
  readonly relists: number;
  /** The latest run of relists, kept after it ended (see relistingAt); null before the first relist. */
  readonly run: RelistRun | null;
  /** Lines of the stream that were not watch events, since start. */
  readonly badLines: number;
}

export const QUIET_WATCH: WatchStatus = Object.freeze({ relists: 0, run: null, badLines: 0 });

/** Every watch of a cluster, quiet: how a cluster starts. */
export const NO_WATCH_TROUBLE: Readonly<Record<WatchedResource, WatchStatus>> = Object.freeze({ events: QUIET_WATCH, nodes: QUIET_WATCH });

/** The status after one more relist at `at`: it continues the run while the previous relist is recent enough. */
export function withRelist(previous: WatchStatus, at: number, reason: string): WatchStatus {
  const run = previous.run;
  const next: RelistRun =
    run && at - run.last < HEALTHY_WATCH_MS ? { since: run.since, last: at, count: run.count + 1, reason } : { since: at, last: at, count: 1, reason };
  return { ...previous, relists: previous.relists + 1, run: next };
}

export function withBadLine(previous: WatchStatus): WatchStatus {
  return { ...previous, badLines: previous.badLines + 1 };
}

/** The run a watch is in at `now` when it counts as relisting (RELISTING_FROM relists, the latest within HEALTHY_WATCH_MS), else null. */
export function relistingAt(watch: WatchStatus, now: number): RelistRun | null {
  const run = watch.run;
  return run && run.count >= RELISTING_FROM && now - run.last < HEALTHY_WATCH_MS ? run : null;
}

/** The watch relisting most at `now` (the longest run), with its resource; null when none is relisting. */
export function worstRelisting(watches: Readonly<Record<WatchedResource, WatchStatus>>, now: number): (RelistRun & { resource: WatchedResource }) | null {
  let worst: (RelistRun & { resource: WatchedResource }) | null = null;
  for (const resource of ['events', 'nodes'] as const) {
    const run = relistingAt(watches[resource], now);
    if (run && (!worst || run.count > worst.count)) worst = { ...run, resource };
  }
  return worst;
}
