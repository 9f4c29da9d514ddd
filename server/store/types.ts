import type { FleetChange } from '../../shared/reports/changes';
import type { OutboxStatus } from '../../shared/alerts';
import type { FleetEvent } from '../../shared/events';
import type { ClusterStatus } from '../../shared/health';
import type { StoreHealth } from '../../shared/server-status';
import type { AuditEntry, InboundAlert, Notification, NotificationLogEntry, SessionRecord, Silence, StoredAuditEntry, TrackedAlert } from './records';

/** One notification in the durable outbox, with its delivery history. */
export interface OutboxItem {
  readonly notification: Notification;
  readonly status: OutboxStatus;
  readonly attempts: number;
  /** Epoch ms of the next try while pending. */
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  /** When it was delivered or given up on. */
  readonly finishedAt: number | null;
}

/** One cluster's cost of one UTC day, as last measured that day (for day-over-day comparison). */
export interface DailyCost {
  readonly cluster: string;
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly daily: number;
  readonly currency: string;
}

/**
 * The leader lease as its holder sees it: who holds it and the fencing
 * token, which grows by one every time the lease changes hands, so a write
 * made under an older token is refused.
 */
export interface Fence {
  readonly holder: string;
  readonly token: number;
}

/** A cluster's status changed at `at` (epoch ms); `from` is null for the first status seen. */
export interface StatusTransition {
  readonly cluster: string;
  readonly at: number;
  readonly from: ClusterStatus | null;
  readonly to: ClusterStatus;
  /** The top reason of the new status, as shown then; null when healthy. */
  readonly reason: string | null;
}

export type AttemptOutcome =
  { status: 'delivered'; at: number } | { status: 'pending'; nextAttemptAt: number; error: string } | { status: 'failed'; at: number; error: string };

/**
 * Everything fleetscope keeps across restarts. Small on purpose, and async,
 * so an SQL server (PostgreSQL for several replicas) can stand in for the
 * embedded SQLite file without touching the callers.
 *
 * An operation the store cannot do because it does not work (its file
 * deleted, replaced, read-only, corrupt; a disk error) rejects with
 * StoreUnavailableError (`faults.ts`) and `health()` says why; nothing is
 * ever acknowledged that was not kept.
 */
export interface Store {
  /** Whether the store works now; read for /readyz, /metrics and the desk's banner. */
  health(): StoreHealth;
  /** True when other replicas may write the same store (PostgreSQL): what they changed is read back every evaluation. */
  readonly shared: boolean;
  /** Members and cluster summaries of a sharded fleet; PostgreSQL only. */
  readonly shards?: ShardStore;
  /**
   * Takes or renews the leader lease for `holder` for `ttlMs` when it is free,
   * expired or already its own; the fence while it leads, null while another
   * replica does. The embedded file has one replica, which always leads.
   */
  campaign(holder: string, ttlMs: number): Promise<Fence | null>;
  /** Gives the lease up (a clean shutdown), so that another replica takes it at its next try. */
  resign(holder: string): Promise<void>;
  /** Whether `fence` still holds the lease (checked before each delivery). */
  holdsFence(fence: Fence): Promise<boolean>;
  loadAlertState(): Promise<{ alerts: TrackedAlert[]; log: NotificationLogEntry[] }>;
  saveAlerts(changed: readonly TrackedAlert[], removed: readonly string[]): Promise<void>;
  /** Writes the notification log entries and enqueues the notifications, all or nothing; with a fence, only while it holds the lease (else LeaseLostError). */
  commitFlush(log: readonly NotificationLogEntry[], notifications: readonly Notification[], fence?: Fence): Promise<void>;
  /** Deletes notification log entries. */
  deleteLogEntries(entries: readonly NotificationLogEntry[]): Promise<void>;
  /** Pending notifications whose next attempt is due, oldest first. */
  dueNotifications(now: number, limit: number): Promise<OutboxItem[]>;
  recordAttempt(id: string, outcome: AttemptOutcome): Promise<void>;
  /** Newest first. */
  listNotifications(filter: { status?: OutboxStatus; limit: number }): Promise<OutboxItem[]>;
  countNotifications(): Promise<Record<OutboxStatus, number>>;
  /** Puts a failed notification back in the queue; false when there is no such failed notification. */
  retryNotification(id: string, now: number): Promise<boolean>;
  /** Deletes delivered and failed notifications finished before `before`. */
  pruneNotifications(before: number): Promise<number>;
  /** Sets each cluster's cost for a UTC day (YYYY-MM-DD), replacing an earlier value of that day. */
  recordDailyCosts(rows: readonly DailyCost[]): Promise<void>;
  /** Daily costs of `day` and later, oldest first; older days are deleted. */
  dailyCostsSince(day: string): Promise<DailyCost[]>;
  /** Daily costs of `day` and later, oldest first; reads only (GET /api/reports/cost/history). */
  dailyCostHistory(day: string): Promise<DailyCost[]>;
  /** When each schedule last ran (epoch ms), by schedule name. */
  scheduleRuns(): Promise<Map<string, number>>;
  /** Records a schedule's run and enqueues its messages, all or nothing; with a fence, only while it holds the lease (else LeaseLostError). */
  commitScheduledRun(name: string, at: number, notifications: readonly Notification[], fence?: Fence): Promise<void>;
  listSilences(): Promise<Silence[]>;
  saveSilence(silence: Silence): Promise<void>;
  /** The inbound alerts held (POST /api/alertmanager), in no order. */
  loadInboundAlerts(): Promise<InboundAlert[]>;
  /** Writes inbound alerts and deletes others by key, all or nothing. */
  saveInboundAlerts(changed: readonly InboundAlert[], removed: readonly string[]): Promise<void>;
  /** Appends to the audit log. */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Audit entries newest first, at most `limit`, only those older than the entry `before` when given. */
  listAudit(filter: { limit: number; before?: number }): Promise<StoredAuditEntry[]>;
  /** Creates or replaces a sign-in session (server/auth/oidc/sessions.ts). */
  saveSession(session: SessionRecord): Promise<void>;
  /** The session with this id (the hash of its cookie's secret); null when there is none. */
  loadSession(id: string): Promise<SessionRecord | null>;
  /** Ends a session (sign-out, a refused refresh); nothing when there is none. */
  deleteSession(id: string): Promise<void>;
  /** Deletes sessions that expired before `before`; how many. */
  pruneSessions(before: number): Promise<number>;
  /** Appends status transitions; one already kept (same cluster and time) is not kept twice. */
  appendTransitions(rows: readonly StatusTransition[]): Promise<void>;
  /** Status transitions at or after `at`, oldest first. */
  transitionsSince(at: number): Promise<StatusTransition[]>;
  /** Creates or replaces events by id (a repeat updates its record). */
  saveEvents(events: readonly FleetEvent[]): Promise<void>;
  /** Events last seen at or after `at`, least recently seen first, at most `limit` (the newest). */
  eventsSince(at: number, limit: number): Promise<FleetEvent[]>;
  /** Appends changes of clusters' versions and images ("what changed"); one already kept (same cluster, time and text) is not kept twice. */
  appendFactChanges(rows: readonly FleetChange[]): Promise<void>;
  /** Version and image changes at or after `at`, oldest first. */
  factChangesSince(at: number): Promise<FleetChange[]>;
  /** Creates or replaces each cluster's last look at its versions and images (the baseline the next look is compared with). */
  saveClusterFacts(rows: ReadonlyArray<{ cluster: string; body: string }>): Promise<void>;
  /** Every cluster's last look saved. */
  loadClusterFacts(): Promise<Array<{ cluster: string; body: string }>>;
  /** Deletes transitions from before `before` but each cluster's newest of them (the status in force then), and events and version and image changes from before it; how many rows. */
  pruneHistory(before: number): Promise<number>;
  close(): Promise<void>;
}

/** A replica among the members of a sharded fleet, as its heartbeat row says (times in the database's clock). */
export interface ShardMember {
  readonly replica: string;
  /** How the other replicas reach it. */
  readonly url: string;
  readonly heartbeatAt: number;
  /** When this process of the replica first wrote its heartbeat. */
  readonly joinedAt: number;
}

/** One cluster's summary as its owner last wrote it. */
export interface ClusterSummaryRow {
  readonly cluster: string;
  readonly owner: string;
  /** Grows with every write of any summary (one sequence): the newer of two rows read is the higher. */
  readonly version: number;
  readonly writtenAt: number;
  /** The summary's JSON, as its writer made it. */
  readonly body: string;
}

/**
 * What replicas of a sharded fleet share besides the store's records
 * (PostgreSQL only): their heartbeats, and each cluster's summary with a
 * notification on every write.
 */
export interface ShardStore {
  /** Writes this replica's heartbeat; answers the members whose heartbeat is younger than `timeoutMs` (this one included), by name, and whether another live process writes the same name. */
  heartbeat(member: { replica: string; url: string; instance: string }, timeoutMs: number): Promise<{ members: ShardMember[]; duplicate: boolean }>;
  /** Removes this replica's row (a clean stop: its clusters move at the others' next heartbeat). */
  leave(member: { replica: string; instance: string }): Promise<void>;
  /** Writes clusters' summaries as `owner`'s, all or nothing, and tells the listeners which clusters changed. */
  writeSummaries(owner: string, rows: ReadonlyArray<{ cluster: string; body: string }>): Promise<void>;
  /** The summaries of these clusters (all when absent). */
  readSummaries(clusters?: readonly string[]): Promise<ClusterSummaryRow[]>;
  /**
   * Listens on a connection of its own: `changed` with the clusters each
   * write named; `listening` once LISTEN holds, at first and after each
   * reconnection (what was written before is not notified: read it all).
   */
  listen(handlers: { changed(clusters: readonly string[]): void; listening(): void }): { close(): Promise<void> };
}
