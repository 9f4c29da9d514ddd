/**
 * Wire shapes of the alerting REST API, as the server answers them and the
 * Alerts page reads them. Reference with examples: docs/alerts.md#rest-api
 * (linked from docs/api.md). Times are epoch ms unless said otherwise.
 */
import type { Matcher } from './matchers';

/** Where an alert was born: a built-in rule, a forwarded in-cluster ALERTS series, or an inbound Alertmanager webhook. */
export type AlertOrigin = 'rule' | 'federated' | 'alertmanager';

/** Pending until its condition has held for its `for`, then firing, then resolved (shown a while, then dropped). */
export type AlertState = 'pending' | 'firing' | 'resolved';

/** A silence is pending before `startsAt`, active until `endsAt`, expired from then on. */
export type SilenceState = 'pending' | 'active' | 'expired';

/** Where a notification is in the outbox: still being tried, delivered, or given up after the last retry. */
export const OUTBOX_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One alert fleetscope holds. */
export interface AlertView {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  origin: AlertOrigin;
  startsAt: number;
  /** null while not resolved. */
  endsAt: number | null;
  /** Ids of the active silences that mute it; empty when it is not silenced. */
  silencedBy: string[];
}

/** GET /api/alerts: firing, pending and resolved alerts, in that order of state, oldest first within one. */
export interface AlertList {
  alerts: AlertView[];
}

/** A silence as Alertmanager's API v2 `gettableSilence` has it: times as RFC 3339 text. */
export interface SilenceView {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  updatedAt: string;
  status: SilenceState;
  /**
   * Present when the silence is skipped: a stored one whose matchers no
   * longer compile (a regex RE2 refuses). It mutes nothing until replaced.
   */
  problem?: string;
}

/** GET /api/silences: every silence, expired ones included until their retention ends. */
export interface SilenceList {
  silences: SilenceView[];
}

/** One notification of the outbox, without anything secret (receiver URLs live only in the config). */
export interface NotificationView {
  id: string;
  receiver: string;
  /** Delivery status. */
  status: OutboxStatus;
  /** What the message says. */
  notificationStatus: 'firing' | 'resolved';
  clusters: string[];
  counts: { firing: number; resolved: number };
  /** Distinct `alertname`s of the alerts listed in the message. */
  alertnames: string[];
  attempts: number;
  /** When the next attempt is due; null unless pending. */
  nextAttemptAt: number | null;
  /** The last failed attempt's error, URLs redacted. */
  lastError: string | null;
  createdAt: number;
  /** When it was delivered or given up on. */
  finishedAt: number | null;
}

/** GET /api/notifications: the configured receivers' names and the outbox, newest first. */
export interface NotificationList {
  receivers: string[];
  notifications: NotificationView[];
}

/** One scheduled report with its last and next run (null: never ran / no next run). */
export interface ScheduleView {
  name: string;
  receiver: string;
  reports: string[];
  next: number | null;
  last: number | null;
}

/** GET /api/schedules. */
export interface ScheduleList {
  schedules: ScheduleView[];
}
