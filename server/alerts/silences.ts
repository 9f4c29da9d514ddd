import type { SilenceState, SilenceView } from '../../shared/alerts';
import type { LabelSet } from '../../shared/labels';
import { checkMatcher, matchesAll } from '../../shared/matchers';
import type { Silence } from '../store/records';

export function silenceState(s: Silence, now: number): SilenceState {
  if (now >= s.endsAt) return 'expired';
  return now < s.startsAt ? 'pending' : 'active';
}

/** Ids of the active silences that mute this label set (empty: not silenced). */
export function silencedBy(silences: readonly Silence[], labels: LabelSet, now: number): string[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers, labels)).map((s) => s.id);
}

/**
 * Why a silence cannot be applied (a matcher whose regex is not RE2, stored
 * by an older version that compiled regexes with JavaScript's engine), or
 * null when it can.
 */
export function silenceProblem(s: Silence): string | null {
  for (const [i, matcher] of s.matchers.entries()) {
    const problem = checkMatcher(matcher);
    if (problem) return `matchers[${i}]: ${problem}`;
  }
  return null;
}

/** A silence as GET /api/silences answers it (times as RFC 3339, with its state at `now`, and why it is skipped when it is). */
export function silenceView(s: Silence, now: number, problem: string | null = null): SilenceView {
  return {
    id: s.id,
    matchers: [...s.matchers],
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
    updatedAt: new Date(s.updatedAt).toISOString(),
    status: silenceState(s, now),
    ...(problem ? { problem } : {}),
  };
}
