/**
 * The records the store keeps across restarts, in Alertmanager's vocabulary.
 * They are defined here, below the alerting pipeline that produces them, so
 * the store depends on nothing above it. Times are epoch ms.
 */
import type { AlertOrigin, AlertState } from '../../shared/alerts';
import type { LabelSet } from '../../shared/labels';
import type { Matcher } from '../../shared/matchers';

/**
 * An alert: a set of labels (its identity) plus annotations (for people),
 * with a start and, once resolved, an end.
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

/**
 * An alert as the tracker keeps it: pending until its condition has held
 * for `forMs`, then firing, then resolved (kept a while so the resolution is
 * notified, then dropped). This is the state that is persisted.
 */
export interface TrackedAlert extends Alert {
  readonly state: AlertState;
  /** When the condition was first seen (or reported) active. */
  readonly activeSince: number;
  readonly forMs: number;
  readonly origin: AlertOrigin;
}

/**
 * An alert a cluster's Alertmanager posted to POST /api/alertmanager and has
 * not resolved, kept so that a restart neither forgets it nor calls it
 * resolved. One per `key`; times are Alertmanager's own.
 */
export interface InboundAlert {
  /** `CLUSTER/FINGERPRINT`: the Alertmanager's fingerprint, scoped by the `?cluster=` it posts with (empty without one). */
  readonly key: string;
  /** Alertmanager's fingerprint of the labels it posted (payload v4), or fleetscope's of those labels when the payload has none. */
  readonly alertmanagerFingerprint: string;
  /** The labels fleetscope knows the alert by (the cluster label set: docs/alerts.md, "One alert, two paths"). */
  readonly labels: LabelSet;
  readonly annotations: LabelSet;
  readonly generatorURL: string;
  /** Alertmanager's `startsAt`; the earliest one posted while it kept firing. */
  readonly startsAt: number;
  /** When it resolves unless posted again: the `endsAt` posted, or, for Alertmanager's zero `endsAt`, the last post plus the resolve timeout. */
  readonly endsAt: number;
  /** True when `endsAt` is the resolve timeout's rather than one the sender gave (Alertmanager's `Alert.Timeout`). */
  readonly timeout: boolean;
  /** When it was last posted. */
  readonly updatedAt: number;
}

/**
 * What was last notified for one group to one receiver: Alertmanager's
 * notification log. Persisted, so a restart neither repeats nor forgets.
 * One entry per (groupKey, receiver).
 */
export interface NotificationLogEntry {
  readonly groupKey: string;
  readonly receiver: string;
  /** Fingerprints notified as firing / as resolved in the last notification. */
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
  readonly sentAt: number;
}

/** A silence, shaped like Alertmanager's API v2 `gettableSilence`. */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly Matcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly updatedAt: number;
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

/** What an audit log entry records (docs/security.md, "What is logged"). */
export const AUDIT_ACTIONS = [
  'silence.created',
  'silence.updated',
  'silence.expired',
  'token.added',
  'token.changed',
  'token.revoked',
  'config.reloaded',
  'config.reload_failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One thing someone did that changes who may do what or what is muted: who, when, what, from where. Never holds a secret. */
export interface AuditEntry {
  readonly at: number;
  readonly action: AuditAction;
  /** A user's or token's name, or `fleetscope` for what the server did on its own (a changed file) or on a signal. */
  readonly actor: string;
  /** How the actor was authenticated (`token`, `proxy`, …, `none` when auth is off), or `system`. */
  readonly method: string;
  /** The client's address, or what made the server act (`SIGHUP`, `file change`). */
  readonly from: string;
  /** What it was done to: a silence's id, a token's name, a file. */
  readonly target: string;
  /** What happened, in a sentence. */
  readonly detail: string;
}

/** An audit entry as stored, with its place in the log (ids grow with time). */
export interface StoredAuditEntry extends AuditEntry {
  readonly id: number;
}

/**
 * A signed-in user's session (the built-in OpenID Connect login), kept so a
 * restart signs no one out. It holds nothing a thief of the database can use:
 * `id` is the SHA-256 of the secret only the browser's cookie carries, and the
 * refresh token is sealed with a key that needs both that secret and the
 * cookie key file (server/auth/seal.ts).
 */
export interface SessionRecord {
  /** SHA-256 (hex) of the session cookie's secret. */
  readonly id: string;
  /** The provider's `sub`. */
  readonly subject: string;
  /** The user name shown and recorded (preferred_username, else email, else name, else sub). */
  readonly name: string;
  readonly email?: string;
  /** The groups claim as of sign-in or the last refresh; the role is derived from them on every request. */
  readonly groups: readonly string[];
  readonly createdAt: number;
  /** After this the session is over (sign-in + auth.oidc.sessionTtl). */
  readonly expiresAt: number;
  /** When the access token expires and the provider is asked again (refresh); null without a refresh token. */
  readonly refreshAt: number | null;
  /** The refresh token, sealed; null when the provider gave none. */
  readonly sealedRefreshToken: string | null;
}
