/**
 * The one identity of a cluster's alert, whichever path brought it: the
 * cluster's Alertmanager (POST /api/alertmanager?cluster=NAME) or its
 * Prometheus' `ALERTS` series federated by fleetscope. Both come from the
 * same Prometheus alert, with the same labels plus that Prometheus'
 * external labels (Prometheus adds them to the alerts it sends and to the
 * series /federate answers). The federation source has already relabelled
 * the series (the cluster's own `cluster` moved to `exported_cluster`, per
 * `existingClusterLabel`); the webhook's labels get the same treatment here,
 * and then both get the same last step. docs/alerts.md ("One alert, two paths").
 */
import type { LabelSet } from '../../shared/labels';

/** How the fleet labels one cluster's series, and so its alerts (config `clusterLabel`, the cluster's `existingClusterLabel`). */
export interface ClusterLabelling {
  /** The fleet's cluster label on series: `cluster` unless configured otherwise. */
  readonly label: string;
  /** What a cluster label the cluster's own data already carries becomes, per cluster (`rename` when the cluster has no Prometheus). */
  readonly existing: (cluster: string) => 'rename' | 'keep';
}

/** The fleet's default labelling: `cluster`, renamed. */
export const DEFAULT_CLUSTER_LABELLING: ClusterLabelling = { label: 'cluster', existing: () => 'rename' };

/**
 * The labels fleetscope knows a cluster's alert by: without `alertstate`,
 * `cluster` set to the fleet's name of the cluster, and without
 * `exported_<label>` when that only repeats the fleet's name (a cluster
 * whose own name is the fleet's). An `exported_<label>` naming another
 * cluster (the cluster's own name for itself differs from the fleet's, or
 * the alert is about a cluster its Prometheus federates) is kept: it is part
 * of the alert's identity on both paths.
 */
export function clusterAlertLabels(labels: LabelSet, cluster: string, labelling: ClusterLabelling): Record<string, string> {
  const out: Record<string, string> = { ...labels, cluster };
  delete out.alertstate;
  const exported = `exported_${labelling.label}`;
  if (out[exported] === cluster) delete out[exported];
  return out;
}

/**
 * A webhook alert's labels as the federation source would have labelled its
 * `ALERTS` series (`rename`: the alert's own cluster label moves to the first
 * free `exported_…` name, as Prometheus does; `keep`: it stays), then
 * `clusterAlertLabels`.
 */
export function inboundAlertLabels(labels: LabelSet, cluster: string, labelling: ClusterLabelling): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  const own = out[labelling.label];
  if (own === undefined) out[labelling.label] = cluster;
  else if (labelling.existing(cluster) === 'rename') {
    let exported = `exported_${labelling.label}`;
    while (out[exported] !== undefined) exported = `exported_${exported}`;
    out[exported] = own;
    out[labelling.label] = cluster;
  }
  return clusterAlertLabels(out, cluster, labelling);
}
