import type { LabelSet } from '../../shared/labels';
import { matchesAll } from '../../shared/matchers';
import type { Silence } from '../store/records';

export type SilenceState = 'pending' | 'active' | 'expired';

export function silenceState(s: Silence, now: number): SilenceState {
  if (now >= s.endsAt) return 'expired';
  return now < s.startsAt ? 'pending' : 'active';
}

/** Ids of the active silences that mute this label set (empty: not silenced). */
export function silencedBy(silences: readonly Silence[], labels: LabelSet, now: number): string[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers, labels)).map((s) => s.id);
}
