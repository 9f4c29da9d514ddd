/**
 * How the fleet's cluster label is put on a cluster's series.
 *
 * - `rename` (default, like Prometheus' `honor_labels: false`): the label is
 *   set to the cluster's configured name; a different value the series
 *   already carried moves to `exported_<label>` (or, if that is taken, the
 *   first free `exported_exported_<label>`…), as Prometheus does. A value
 *   equal to the cluster's name (the cluster's Prometheus has it as external
 *   label `cluster`) is the same fact twice, and is not repeated.
 * - `keep` (like `honor_labels: true`): a value the series already carries
 *   wins; series without it get the cluster's name.
 */
export interface ClusterLabelling {
  /** Label name, `cluster` unless configured otherwise. */
  readonly label: string;
  /** The cluster's configured name. */
  readonly cluster: string;
  readonly existing: 'rename' | 'keep';
}

/** Applies the labelling to labels read from a series (mutates and returns `labels`). */
export function applyClusterLabel(labels: Record<string, string>, labelling: ClusterLabelling): Record<string, string> {
  const current = labels[labelling.label];
  if (current === undefined) {
    labels[labelling.label] = labelling.cluster;
    return labels;
  }
  if (labelling.existing === 'keep' || current === labelling.cluster) return labels;
  // As Prometheus does: the first free exported_… name gets the old value.
  let exported = `exported_${labelling.label}`;
  while (labels[exported] !== undefined) exported = `exported_${exported}`;
  labels[exported] = current;
  labels[labelling.label] = labelling.cluster;
  return labels;
}
