import type { FleetChange } from '../../shared/reports/changes';
import { factChanges, type ClusterFacts } from '../reports/changes';

/** Version and image changes kept in memory at most (the newest; the timeline shows far fewer). */
const MAX_OBSERVED = 500;

/**
 * Follows each cluster's API server versions and workload images from one
 * look to the next and keeps the changes seen (in memory: after a restart
 * the first look is the new baseline). Status transitions and event bursts
 * come from their own histories.
 */
export interface ChangeWatch {
  /** Compares each cluster's facts with its previous look; returns every change kept, oldest first. */
  observe(facts: readonly ClusterFacts[], at: number): readonly FleetChange[];
}

export function createChangeWatch(): ChangeWatch {
  const last = new Map<string, ClusterFacts>();
  let observed: FleetChange[] = [];
  return {
    observe(facts, at) {
      for (const after of facts) {
        const before = last.get(after.cluster);
        if (before) observed.push(...factChanges(before, after, at));
        // What a look does not know (a failing source) keeps the previous look as the baseline.
        last.set(after.cluster, {
          cluster: after.cluster,
          apiServer: after.apiServer.length > 0 ? after.apiServer : (before?.apiServer ?? []),
          images: after.images.size > 0 ? after.images : (before?.images ?? new Map()),
        });
      }
      if (observed.length > MAX_OBSERVED) observed = observed.slice(-MAX_OBSERVED);
      return observed;
    },
  };
}
