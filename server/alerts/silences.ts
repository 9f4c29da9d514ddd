import type { SilenceState, SilenceView } from '../../shared/alerts';
import type { LabelSet } from '../../shared/labels';
import { matchesAll } from '../../shared/matchers';
import type { Silence } from '../store/records';

export function silenceState(s: Silence, now: number): SilenceState {
  if (now >= s.endsAt) return 'expired';
  return now < s.startsAt ? 'pending' : 'active';
}

/** Ids of the active silences that mute this label set (empty: not silenced). */
export function silencedBy(silences: readonly Silence[], labels: LabelSet, now: number): string[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers, labels)).map((s) => s.id);
}

/** A silence as GET /api/silences answers it (times as RFC 3339, with its state at `now`). */
export function silenceView(s: Silence, now: number): SilenceView {
  return {
    id: s.id,
    matchers: [...s.matchers],
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
    updatedAt: new Date(s.updatedAt).toISOString(),
    status: silenceState(s, now),
  };
}
