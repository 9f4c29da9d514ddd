/**
 * fleetscope's alerts as Alertmanager's API v2 lists them: the firing ones
 * (a pending alert has not fired yet, and Prometheus never sends it to an
 * Alertmanager; a resolved one has ended), with the receivers the routing
 * tree sends each to, filtered as `GET /api/v2/alerts` and
 * `/api/v2/alerts/groups` ask. Pure.
 */
import { matchesAll } from '../../../shared/matchers';
import type { EvaluatedAlerts, HeldAlert } from '../../alerts/engine';
import { groupOf } from '../../alerts/dispatch';
import { matchRoutes, type Route } from '../../alerts/route';
import type { AlertQuery } from './query';
import type { AlertGroup, GettableAlert } from './types';

/**
 * How far ahead of its last evaluation a firing alert's `endsAt` is put:
 * Prometheus sends its alerts to Alertmanager ending four evaluation
 * intervals after they were last seen, so that missing one evaluation does
 * not resolve them; fleetscope re-judges every alert at each evaluation.
 */
const ENDS_AFTER_EVALUATIONS = 4;

export interface AlertsInput {
  readonly evaluated: EvaluatedAlerts;
  /** Null without receivers: every alert then has no receiver, and there are no groups. */
  readonly route: Route | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function gettable(alert: HeldAlert, receivers: readonly string[], evaluated: EvaluatedAlerts): GettableAlert {
  const updatedAt = evaluated.at ?? alert.startsAt;
  return {
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
    receivers: receivers.map((name) => ({ name })),
    fingerprint: alert.fingerprint,
    startsAt: iso(alert.startsAt),
    updatedAt: iso(updatedAt),
    endsAt: iso(updatedAt + ENDS_AFTER_EVALUATIONS * evaluated.evaluationIntervalMs),
    status: { state: alert.silencedBy.length > 0 ? 'suppressed' : 'active', silencedBy: [...alert.silencedBy], inhibitedBy: [] },
  };
}

/** The firing alerts the query's matchers and flags keep (the receiver is judged by the caller: per alert, or per group). */
function kept(evaluated: EvaluatedAlerts, query: AlertQuery): HeldAlert[] {
  return evaluated.alerts.filter((a) => {
    if (a.state !== 'firing' || !matchesAll(query.filter, a.labels)) return false;
    const silenced = a.silencedBy.length > 0;
    return silenced ? query.silenced : query.active;
  });
}

const byFingerprint = (a: { fingerprint: string }, b: { fingerprint: string }) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);

/** `GET /api/v2/alerts`: sorted by fingerprint, as Alertmanager sorts them. */
export function gettableAlerts(input: AlertsInput, query: AlertQuery): GettableAlert[] {
  const out: GettableAlert[] = [];
  for (const alert of kept(input.evaluated, query)) {
    const receivers = input.route ? matchRoutes(input.route, alert.labels).map((r) => r.receiver) : [];
    if (query.receiver && !receivers.some((name) => query.receiver?.test(name))) continue;
    out.push(gettable(alert, receivers, input.evaluated));
  }
  return out.sort(byFingerprint);
}

/** Prometheus' LabelSet.Before: fewer labels first; then the first differing pair, by the names of both sorted. */
function labelsBefore(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const namesA = Object.keys(a);
  const namesB = Object.keys(b);
  if (namesA.length !== namesB.length) return namesA.length < namesB.length;
  for (const name of [...namesA, ...namesB].sort()) {
    const va = a[name];
    const vb = b[name];
    if (va === undefined) return true;
    if (vb === undefined) return false;
    if (va !== vb) return va < vb;
  }
  return false;
}

/** Alertmanager's order of groups: by labels, then receiver (the route's key where both are equal, so the order is fixed). */
function groupOrder([ka, a]: readonly [string, AlertGroup], [kb, b]: readonly [string, AlertGroup]): number {
  if (labelsBefore(a.labels, b.labels)) return -1;
  if (labelsBefore(b.labels, a.labels)) return 1;
  if (a.receiver.name !== b.receiver.name) return a.receiver.name < b.receiver.name ? -1 : 1;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * `GET /api/v2/alerts/groups`: one group per route and value of its
 * `group_by` labels, as the dispatcher groups alerts for notifications;
 * groups in Alertmanager's order (labels, then receiver); alerts by fingerprint.
 */
export function alertGroups(input: AlertsInput, query: AlertQuery): AlertGroup[] {
  const { route } = input;
  if (!route) return [];
  const groups = new Map<string, AlertGroup>();
  for (const alert of kept(input.evaluated, query)) {
    const routes = matchRoutes(route, alert.labels);
    const receivers = routes.map((r) => r.receiver);
    for (const r of routes) {
      if (query.receiver && !query.receiver.test(r.receiver)) continue;
      const { key, labels } = groupOf(r, alert.labels);
      const group = groups.get(key) ?? { labels, receiver: { name: r.receiver }, alerts: [] };
      group.alerts.push(gettable(alert, receivers, input.evaluated));
      groups.set(key, group);
    }
  }
  return [...groups.entries()].sort(groupOrder).map(([, g]) => ({ ...g, alerts: g.alerts.sort(byFingerprint) }));
}
