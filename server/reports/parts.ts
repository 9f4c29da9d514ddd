import type { ClusterHealth } from '../../shared/health';
import type { ClusterInventory } from '../inventory/types';
import { costWithTotals, type CostWithTotals } from './cost';
import { clusterHealth } from './health';
import { createHygieneMemo, hygienePart, type HygieneMemo, type HygienePart } from './hygiene';
import { ClusterMemo } from './memo';
import type { ReportSettings } from './settings';
import { createSkewMemo, skewPart, type SkewMemo, type SkewPart } from './skew';

/**
 * One cluster's share of every fleet report, as plain JSON data: what a
 * replica computes for its own clusters and publishes, and what the
 * roll-ups (healthOfParts, costOfParts, skewOfParts, hygieneOfParts) read,
 * the same from parts read back from JSON as from the originals.
 */
export interface ClusterParts {
  cluster: string;
  health: ClusterHealth;
  cost: CostWithTotals;
  skew: SkewPart;
  hygiene: HygienePart;
}

/** The per-cluster memos of the parts: a cluster whose inputs did not change is not read again (health is always read: it states the data's age). */
export interface PartMemos {
  cost: ClusterMemo<CostWithTotals>;
  skew: SkewMemo;
  hygiene: HygieneMemo;
}

export function createPartMemos(): PartMemos {
  return { cost: new ClusterMemo(), skew: createSkewMemo(), hygiene: createHygieneMemo() };
}

/** Every report's part of one cluster, from its inventory read at `now`. */
export function clusterParts(inventory: ClusterInventory, now: number, settings: ReportSettings, memos?: PartMemos): ClusterParts {
  const cost = () => costWithTotals(inventory, settings);
  return {
    cluster: inventory.cluster,
    health: clusterHealth(inventory, now, settings.reports.health),
    cost: memos ? memos.cost.get(inventory, [settings], cost) : cost(),
    skew: skewPart(inventory, now, settings, memos?.skew),
    hygiene: hygienePart(inventory, now, settings, memos?.hygiene),
  };
}
