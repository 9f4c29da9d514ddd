import type { FleetEvent } from '../../shared/events';
import type { FleetChanges } from '../../shared/reports/changes';
import type { ChangeHistory } from '../history/change-history';
import type { ClusterInventory } from '../inventory/types';
import { clusterFacts, DEFAULT_CHANGES_SETTINGS, fleetChanges } from '../reports/changes';
import type { StatusTransition } from '../store/types';

export interface ChangesSources {
  /** The inventories this replica holds (in a sharded fleet, of the clusters it scrapes). */
  inventories: (at: number) => ClusterInventory[];
  /** Every cluster of the fleet (their transitions are in the status history, whoever wrote them). */
  clusters: () => readonly string[];
  /** A cluster's persisted status transitions at or after `from`. */
  transitions: (cluster: string, from: number) => StatusTransition[];
  events: () => readonly FleetEvent[];
  /** Version and image changes, kept in the store. */
  history: ChangeHistory;
}

/**
 * The "what changed" timeline as the stream sees it: each call looks at the
 * fleet once more (versions and images compared with the previous look) and
 * returns the timeline as of `at`. Call it on the report feed's timer only.
 */
export function changesTimeline(sources: ChangesSources): (at: number) => FleetChanges {
  return (at) => {
    const observed = sources.history.observe(sources.inventories(at).map(clusterFacts), at);
    const from = at - DEFAULT_CHANGES_SETTINGS.windowMs;
    const transitions = sources.clusters().flatMap((name) => sources.transitions(name, from));
    return fleetChanges({ transitions, events: sources.events(), observed }, at);
  };
}
