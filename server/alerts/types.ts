import type { LabelSet } from '../../shared/labels';

/**
 * The alert model, in Alertmanager's vocabulary: an alert is a set of labels
 * (its identity) plus annotations (for people), with a start and, once
 * resolved, an end. Times are epoch ms.
 */
export interface Alert {
  /** Stable hash of the labels; the alert's identity. */
  readonly fingerprint: string;
  readonly labels: LabelSet;
  readonly annotations: LabelSet;
  /** When it started firing. */
  readonly startsAt: number;
  /** When it resolved; null while firing. */
  readonly endsAt: number | null;
  /** Where the alert comes from (a fleetscope page, or the cluster's own Prometheus). */
  readonly generatorURL: string;
}

/** Where an alert was born: a built-in rule, a forwarded in-cluster ALERTS series, or an inbound Alertmanager webhook. */
export type AlertOrigin = 'rule' | 'federated' | 'alertmanager';

/** An alert a rule (or a forwarder) says is active right now, before `for` is applied. */
export interface Candidate {
  readonly labels: LabelSet;
  readonly annotations: LabelSet;
  /** Minimum time the condition must hold before the alert fires (ms). */
  readonly forMs: number;
  /** When the condition started, if the input knows it (e.g. a source's error.since); otherwise first seen. */
  readonly activeSince?: number;
  readonly generatorURL: string;
  readonly origin: AlertOrigin;
}

/** One notification to one receiver for one group: the unit of the outbox. */
export interface Notification {
  /** Unique id; also the idempotency key sent to platforms that accept one. */
  readonly id: string;
  readonly receiver: string;
  readonly groupKey: string;
  readonly status: 'firing' | 'resolved';
  readonly groupLabels: LabelSet;
  readonly commonLabels: LabelSet;
  readonly commonAnnotations: LabelSet;
  readonly alerts: readonly Alert[];
  /** Counts over every alert of the notification, including truncated ones. */
  readonly counts: { readonly firing: number; readonly resolved: number };
  /** Clusters of every alert of the notification, sorted. */
  readonly clusters: readonly string[];
  /** Alerts left out of `alerts` to keep the message small. */
  readonly truncatedAlerts: number;
  /** Base URL of fleetscope, for links back. */
  readonly externalURL: string;
  readonly createdAt: number;
  /** Set on a scheduled report: the message is the digest, `alerts` is empty. */
  readonly report?: ReportDigest;
}

/** A report summarised for a chat message (scheduled reports). */
export interface ReportDigest {
  readonly kind: string;
  /** "Version skew — 6 clusters" */
  readonly title: string;
  /** One sentence with the fleet-wide figures. */
  readonly summary: string;
  /** One line per cluster, worst first. */
  readonly lines: readonly string[];
  /** The report's page in fleetscope. */
  readonly link: string;
}
