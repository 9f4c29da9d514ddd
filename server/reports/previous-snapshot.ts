import type { FleetSnapshot } from '../fleet/types';

/**
 * Keeps one earlier snapshot of the fleet, between `minAgeMs` and twice that
 * old, so counters (cAdvisor's CPU seconds) can be rated against it. Holds at
 * most two snapshots; they share structure with the live one, so the extra
 * memory is the series that changed since. The clock is passed in.
 */
export interface PreviousSnapshot {
  observe(snapshot: FleetSnapshot, now: number): void;
  /** The kept earlier snapshot, or undefined until one is `minAgeMs` old. */
  get(): FleetSnapshot | undefined;
}

export function createPreviousSnapshot(options: { minAgeMs: number }): PreviousSnapshot {
  let previous: FleetSnapshot | undefined;
  let candidate: { snapshot: FleetSnapshot; at: number } | undefined;
  return {
    observe(snapshot, now) {
      if (!candidate) candidate = { snapshot, at: now };
      else if (now - candidate.at >= options.minAgeMs) {
        previous = candidate.snapshot;
        candidate = { snapshot, at: now };
      }
    },
    get: () => previous,
  };
}
