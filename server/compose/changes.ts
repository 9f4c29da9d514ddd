import type { FleetEvent } from '../../shared/events';
import type { FleetChanges } from '../../shared/reports/changes';
import { createChangeWatch } from '../history/change-watch';
import type { ClusterInventory } from '../inventory/types';
import { clusterFacts, DEFAULT_CHANGES_SETTINGS, fleetChanges } from '../reports/changes';
import type { StatusTransition } from '../store/types';

export interface ChangesSources {
  inventories: (at: number) => ClusterInventory[];
  /** A cluster's persisted status transitions at or after `from`. */
  transitions: (cluster: string, from: number) => StatusTransition[];
  events: () => readonly FleetEvent[];
}

/**
 * The "what changed" timeline as the stream sees it: each call looks at the
 * fleet once more (versions and images compared with the previous look) and
 * returns the timeline as of `at`. Call it on the report feed's timer only.
 */
export function changesTimeline(sources: ChangesSources): (at: number) => FleetChanges {
  const watch = createChangeWatch();
  return (at) => {
    const inventories = sources.inventories(at);
    const observed = watch.observe(inventories.map(clusterFacts), at);
    const from = at - DEFAULT_CHANGES_SETTINGS.windowMs;
    const transitions = inventories.flatMap((i) => sources.transitions(i.cluster, from));
    return fleetChanges({ transitions, events: sources.events(), observed }, at);
  };
}
