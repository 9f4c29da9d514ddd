/**
 * Which clusters a label selector picks: the report API's `?selector=`,
 * `fleetscope report --selector` and the wall's `clusters=` all ask here,
 * so a selector picks the same clusters everywhere. Pure.
 */
import { labelSelectorMatches, type LabelSelector } from './label-selector';
import type { LabelSet } from './labels';

/** A cluster as a selector sees it: its name and the labels of its config. */
export interface SelectableCluster {
  readonly name: string;
  readonly labels: LabelSet;
}

/**
 * Whether the selector picks the cluster. `name` is the cluster's name
 * (`name in (prod-eu,prod-us)`), in place of any label of that name: the
 * name is what people know a cluster by, and it is always there.
 */
export function selectsCluster(selector: LabelSelector, cluster: SelectableCluster): boolean {
  if (selector.length === 0) return true;
  return labelSelectorMatches(selector, { ...cluster.labels, name: cluster.name });
}
