import type { LabelSet } from '../../shared/labels';
import type { Alert, Notification, NotificationLogEntry, Silence } from '../store/records';
import { commonPairs, pickLabels } from './labels';
import { matchRoutes, type Route } from './route';
import { silencedBy } from './silences';

export interface ReceiverOptions {
  sendResolved: boolean;
  maxAlerts: number;
}

interface Group {
  readonly key: string;
  readonly route: Route;
  readonly labels: LabelSet;
  readonly alerts: Map<string, Alert>;
  nextFlushAt: number;
}

export interface FlushContext {
  now: number;
  silences: readonly Silence[];
  receivers: ReadonlyMap<string, ReceiverOptions>;
  externalURL: string;
  newId: () => string;
}

export interface FlushResult {
  notifications: Notification[];
  /** Log entries to persist together with the notifications (one transaction). */
  log: NotificationLogEntry[];
}

/** A flush computed and not yet applied to the dispatcher (`Dispatcher.stageFlush`). */
export interface StagedFlush extends FlushResult {
  /** Applies it: the log entries, the resolved alerts leaving their groups, the groups' next flush. */
  apply(): void;
}

export function logKey(groupKey: string, receiver: string): string {
  return `${groupKey}\u0000${receiver}`;
}

function isSubset(subset: ReadonlySet<string>, of: ReadonlySet<string>): boolean {
  for (const x of subset) if (!of.has(x)) return false;
  return true;
}

/** The aggregation group an alert joins on a route: its key (the route and the `group_by` labels' values) and those labels. */
export function groupOf(route: Route, alertLabels: LabelSet): { key: string; labels: Record<string, string> } {
  const labels = pickLabels(alertLabels, route.groupBy);
  return { key: `${route.id}:${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`, labels };
}

/** Alertmanager's DedupStage.needsUpdate. */
function needsUpdate(
  entry: NotificationLogEntry | undefined,
  firing: Set<string>,
  resolved: Set<string>,
  sendResolved: boolean,
  repeatMs: number,
  now: number,
): boolean {
  if (!entry) return firing.size > 0;
  if (!isSubset(firing, new Set(entry.firing))) return true;
  if (firing.size === 0) return entry.firing.length > 0;
  if (sendResolved && !isSubset(resolved, new Set(entry.resolved))) return true;
  return entry.sentAt <= now - repeatMs;
}

/**
 * Alertmanager's dispatcher: alerts go to aggregation groups by route and
 * `group_by` labels; a new group waits `group_wait`, then is looked at every
 * `group_interval`; a notification goes out when the firing set grew, an
 * alert resolved, or `repeat_interval` passed. No I/O and no clock: the
 * caller passes `now` and persists what `flush` returns.
 */
export class Dispatcher {
  private readonly groups = new Map<string, Group>();
  private readonly log = new Map<string, NotificationLogEntry>();

  constructor(
    private readonly route: Route,
    log: readonly NotificationLogEntry[] = [],
  ) {
    for (const entry of log) this.log.set(logKey(entry.groupKey, entry.receiver), entry);
  }

  /** Adds or updates a firing or resolved alert in every group it routes to. */
  insert(alert: Alert, now: number): void {
    for (const route of matchRoutes(this.route, alert.labels)) {
      const { key, labels } = groupOf(route, alert.labels);
      let group = this.groups.get(key);
      if (!group) {
        // As Alertmanager: an alert already older than group_wait is not held back.
        const nextFlushAt = alert.startsAt + route.groupWaitMs <= now ? now : now + route.groupWaitMs;
        group = { key, route, labels, alerts: new Map(), nextFlushAt };
        this.groups.set(key, group);
      }
      group.alerts.set(alert.fingerprint, alert);
    }
  }

  /** Flushes every group whose time has come. */
  flush(ctx: FlushContext): FlushResult {
    const staged = this.stageFlush(ctx);
    staged.apply();
    return staged;
  }

  /**
   * The flush of every group whose time has come, kept back until `apply()`:
   * the caller first persists the notifications and log entries, and applies
   * the flush only once they are kept, so a store that fails loses nothing
   * (the next flush sends the same again).
   */
  stageFlush(ctx: FlushContext): StagedFlush {
    const result: FlushResult = { notifications: [], log: [] };
    const effects: Array<() => void> = [];
    for (const group of [...this.groups.values()]) {
      if (group.nextFlushAt > ctx.now) continue;
      const shown = [...group.alerts.values()];
      const entry = this.flushGroup(group, shown, ctx, result);
      effects.push(() => {
        if (entry) this.log.set(logKey(group.key, entry.receiver), entry);
        // As Alertmanager: resolved alerts leave the group once a flush has seen them (unless they changed since).
        for (const a of shown) if (a.endsAt !== null && group.alerts.get(a.fingerprint) === a) group.alerts.delete(a.fingerprint);
        group.nextFlushAt = ctx.now + group.route.groupIntervalMs;
        if (group.alerts.size === 0) this.groups.delete(group.key);
      });
    }
    return { ...result, apply: () => effects.forEach((effect) => effect()) };
  }

  /** Forgets log entries last sent before `before` whose group is gone (Alertmanager's notification-log retention). */
  pruneLog(before: number): NotificationLogEntry[] {
    const pruned: NotificationLogEntry[] = [];
    for (const [key, entry] of this.log) {
      if (entry.sentAt < before && !this.groups.has(entry.groupKey)) {
        this.log.delete(key);
        pruned.push(entry);
      }
    }
    return pruned;
  }

  /** Number of aggregation groups held (for /metrics). */
  groupCount(): number {
    return this.groups.size;
  }

  /** What the flush of one group (its alerts `all`) sends, added to `result`, and the log entry it writes; the group and the log are changed by the caller. */
  private flushGroup(group: Group, all: readonly Alert[], ctx: FlushContext, result: FlushResult): NotificationLogEntry | null {
    const audible = all.filter((a) => silencedBy(ctx.silences, a.labels, ctx.now).length === 0);
    const firing = audible.filter((a) => a.endsAt === null);
    const resolved = audible.filter((a) => a.endsAt !== null);
    const receiver = group.route.receiver;
    const options = ctx.receivers.get(receiver);
    const firingSet = new Set(firing.map((a) => a.fingerprint));
    const resolvedSet = new Set(resolved.map((a) => a.fingerprint));
    if (
      !options ||
      !needsUpdate(this.log.get(logKey(group.key, receiver)), firingSet, resolvedSet, options.sendResolved, group.route.repeatIntervalMs, ctx.now)
    )
      return null;
    const entry: NotificationLogEntry = { groupKey: group.key, receiver, firing: [...firingSet], resolved: [...resolvedSet], sentAt: ctx.now };
    result.log.push(entry);
    const alerts = options.sendResolved ? [...firing, ...resolved] : firing;
    if (alerts.length > 0) result.notifications.push(buildNotification({ group, receiver, alerts, maxAlerts: options.maxAlerts, ctx }));
    return entry;
  }
}

function buildNotification(args: { group: Group; receiver: string; alerts: Alert[]; maxAlerts: number; ctx: FlushContext }): Notification {
  const { alerts, maxAlerts } = args;
  const sorted = [...alerts].sort((a, b) => (a.endsAt === null ? 0 : 1) - (b.endsAt === null ? 0 : 1) || a.startsAt - b.startsAt);
  return {
    id: args.ctx.newId(),
    receiver: args.receiver,
    groupKey: args.group.key,
    status: alerts.some((a) => a.endsAt === null) ? 'firing' : 'resolved',
    groupLabels: args.group.labels,
    commonLabels: commonPairs(alerts.map((a) => a.labels)),
    commonAnnotations: commonPairs(alerts.map((a) => a.annotations)),
    counts: { firing: alerts.filter((a) => a.endsAt === null).length, resolved: alerts.filter((a) => a.endsAt !== null).length },
    clusters: [...new Set(alerts.map((a) => a.labels.cluster).filter((c) => c !== undefined))].sort(),
    alerts: sorted.slice(0, maxAlerts),
    truncatedAlerts: Math.max(0, sorted.length - maxAlerts),
    externalURL: args.ctx.externalURL,
    createdAt: args.ctx.now,
  };
}
