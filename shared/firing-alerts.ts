/** Wire types of the firing alerts the stream carries for the wall (StreamReports.alerts). */

/** One firing alert, as a chat notification lists it. */
export interface FiringAlert {
  fingerprint: string;
  alertname: string;
  /** The cluster label; null for an alert about no one cluster. */
  cluster: string | null;
  /** The severity label as given ("critical", "warning", "info" …); "none" when the alert has none. */
  severity: string;
  /** The summary (or description) annotation; empty when it has neither. */
  summary: string;
  /** Epoch ms. */
  startsAt: number;
}

/** One notification group: the alerts that share the route's `group_by` label values. */
export interface FiringAlertGroup {
  /** The receiver the group goes to; empty without receivers. */
  receiver: string;
  /** The `group_by` labels with their values, e.g. { cluster: "prod-eu" }; empty when a route groups everything together. */
  labels: Record<string, string>;
  /** Most severe first, then oldest first. */
  alerts: FiringAlert[];
}

/**
 * The alerts firing and not silenced, grouped as the routing tree groups
 * them for chat (the first route an alert matches; `group_by: [cluster]`
 * without receivers). Groups with a critical alert first.
 */
export interface FiringAlerts {
  generatedAt: number;
  groups: FiringAlertGroup[];
}

/** Severities known to sort, worst first; any other comes after them. */
export const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info', 'none'] as const;

/** Rank of a severity label for sorting, worst first. */
export function severityRank(severity: string): number {
  const i = SEVERITY_ORDER.findIndex((s) => s === severity);
  return i === -1 ? SEVERITY_ORDER.length : i;
}
