import type { AlertView } from '../../shared/alerts';
import { severityRank, type FiringAlert, type FiringAlertGroup, type FiringAlerts } from '../../shared/firing-alerts';
import { groupOf } from './dispatch';
import { buildRoute, matchRoutes, type Route } from './route';

/** Without receivers there is no routing tree; the wall groups as the default route would (by cluster). */
const BY_CLUSTER = buildRoute({ receiver: '', group_by: ['cluster'], matchers: [], continue: false, routes: [] });

export interface FiringGroupsInput {
  alerts: readonly AlertView[];
  /** The routing tree the chat notifications follow; null without receivers. */
  route: Route | null;
  now: number;
}

function firingAlert(a: AlertView): FiringAlert {
  return {
    fingerprint: a.fingerprint,
    alertname: a.labels.alertname ?? '',
    cluster: a.labels.cluster ?? null,
    severity: a.labels.severity || 'none',
    summary: a.annotations.summary ?? a.annotations.description ?? '',
    startsAt: a.startsAt,
  };
}

const worstFirst = (a: FiringAlert, b: FiringAlert) => severityRank(a.severity) - severityRank(b.severity) || a.startsAt - b.startsAt;

/**
 * The alerts firing and not silenced, in the groups chat gets them in: the
 * first route each alert matches and that route's `group_by`. Pure.
 */
export function firingGroups(input: FiringGroupsInput): FiringAlerts {
  const route = input.route ?? BY_CLUSTER;
  const groups = new Map<string, FiringAlertGroup>();
  for (const alert of input.alerts) {
    if (alert.state !== 'firing' || alert.silencedBy.length > 0) continue;
    const first = matchRoutes(route, alert.labels)[0] ?? route;
    const { key, labels } = groupOf(first, alert.labels);
    const group = groups.get(key) ?? { receiver: first.receiver, labels, alerts: [] };
    group.alerts.push(firingAlert(alert));
    groups.set(key, group);
  }
  const sorted = [...groups.values()].map((g) => ({ ...g, alerts: g.alerts.sort(worstFirst) }));
  const worst = (g: FiringAlertGroup) => severityRank(g.alerts[0]?.severity ?? 'none');
  sorted.sort((a, b) => worst(a) - worst(b) || b.alerts.length - a.alerts.length || JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
  return { generatedAt: input.now, groups: sorted };
}
