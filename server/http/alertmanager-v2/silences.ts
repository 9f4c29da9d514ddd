/**
 * fleetscope's silences as Alertmanager's API v2 lists them. Pure. A
 * stored silence that is skipped (its regex is not RE2: it mutes nothing)
 * is not among them; `GET /api/silences` lists it with its problem.
 */
import type { SilenceView } from '../../../shared/alerts';
import type { Matcher } from '../../../shared/matchers';
import type { GettableSilence } from './types';

export function gettableSilence(view: SilenceView): GettableSilence {
  return {
    id: view.id,
    status: { state: view.status },
    updatedAt: view.updatedAt,
    matchers: view.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual })),
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    createdBy: view.createdBy,
    comment: view.comment,
  };
}

const sameMatcher = (a: Matcher, b: Matcher) => a.name === b.name && a.value === b.value && a.isRegex === b.isRegex && a.isEqual === b.isEqual;

const STATE_ORDER = { active: 0, pending: 1, expired: 2 } as const;

/** Active ones ending soonest first, then pending ones starting soonest, then expired ones ended latest: Alertmanager's order. */
function order(a: GettableSilence, b: GettableSilence): number {
  if (a.status.state !== b.status.state) return STATE_ORDER[a.status.state] - STATE_ORDER[b.status.state];
  if (a.status.state === 'active') return Date.parse(a.endsAt) - Date.parse(b.endsAt);
  if (a.status.state === 'pending') return Date.parse(a.startsAt) - Date.parse(b.startsAt);
  return Date.parse(b.endsAt) - Date.parse(a.endsAt);
}

/**
 * `GET /api/v2/silences?filter=…`: as in Alertmanager, a silence is kept
 * when each matcher of the filter is one of its own (same name, operator
 * and value), not when it would mute an alert with those labels.
 */
export function gettableSilences(views: readonly SilenceView[], filter: readonly Matcher[]): GettableSilence[] {
  return views
    .filter((v) => !v.problem && filter.every((f) => v.matchers.some((m) => sameMatcher(f, m))))
    .map(gettableSilence)
    .sort(order);
}
