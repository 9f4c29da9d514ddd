import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../shared/alerts';
import type { Logger } from '../log';
import { STORE_REMEDIES, storeFault, type StoreFault } from './faults';
import { createStoreGuard } from './guard';
import { watchDatabaseFile, type DatabaseFileWatch } from './sqlite-file';
import type { AuditEntry, InboundAlert, Notification, NotificationLogEntry, SessionRecord, Silence, TrackedAlert } from './records';
import type { FleetChange } from '../../shared/reports/changes';
import type { FleetEvent } from '../../shared/events';
import { type AttemptOutcome, type DailyCost, type OutboxItem, type StatusTransition, type Store } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (fingerprint TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notification_log (key TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  id TEXT PRIMARY KEY,
  receiver TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS daily_cost (cluster TEXT NOT NULL, day TEXT NOT NULL, daily REAL NOT NULL, currency TEXT NOT NULL, PRIMARY KEY (cluster, day));
CREATE TABLE IF NOT EXISTS schedule_runs (name TEXT PRIMARY KEY, last_run INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS silences (id TEXT PRIMARY KEY, ends_at INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inbound_alerts (key TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS status_transitions (cluster TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (cluster, at));
CREATE INDEX IF NOT EXISTS status_transitions_at ON status_transitions (at);
CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, last_seen INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_last_seen ON events (last_seen);
CREATE TABLE IF NOT EXISTS fact_changes (cluster TEXT NOT NULL, at INTEGER NOT NULL, text TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (cluster, at, text));
CREATE INDEX IF NOT EXISTS fact_changes_at ON fact_changes (at);
CREATE TABLE IF NOT EXISTS cluster_facts (cluster TEXT PRIMARY KEY, body TEXT NOT NULL);
`;

/** How often the database file is looked at (deleted, replaced) when nothing is written. */
const FILE_CHECK_MS = 5_000;
/** Problems PRAGMA quick_check reports at most (the first say enough). */
const QUICK_CHECK_ROWS = 5;

interface OutboxRow {
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  finished_at: number | null;
  body: string;
}

function isStatus(s: string): s is OutboxStatus {
  return OUTBOX_STATUSES.some((x) => x === s);
}

// Each body is JSON.stringify of one record of its table's type, and this store is its only writer,
// so reading it back is that record typed again, not a validation of foreign input.
const decodeAlert = (body: string) => JSON.parse(body) as TrackedAlert;
const decodeLogEntry = (body: string) => JSON.parse(body) as NotificationLogEntry;
const decodeNotification = (body: string) => JSON.parse(body) as Notification;
const decodeSilence = (body: string) => JSON.parse(body) as Silence;
const decodeInbound = (body: string) => JSON.parse(body) as InboundAlert;
const decodeAudit = (body: string) => JSON.parse(body) as AuditEntry;
const decodeSession = (body: string) => JSON.parse(body) as SessionRecord;
const decodeTransition = (body: string) => JSON.parse(body) as StatusTransition;
const decodeEvent = (body: string) => JSON.parse(body) as FleetEvent;
const decodeChange = (body: string) => JSON.parse(body) as FleetChange;

function toItem(row: OutboxRow): OutboxItem {
  return {
    notification: decodeNotification(row.body),
    status: isStatus(row.status) ? row.status : 'failed',
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    finishedAt: row.finished_at,
  };
}

export interface SqliteStoreOptions {
  /** Where a failure of the store is logged, once per change of its health, with the file's path. */
  logger?: Logger;
  now?: () => number;
}

/** The store, or why the file cannot be used (its kind and a sentence; `STORE_REMEDIES` says what to do). */
export type OpenStoreResult = { ok: true; store: Store } | { ok: false; fault: StoreFault };

/**
 * Opens the file and checks it before anything relies on it: SQLite's
 * `PRAGMA quick_check`, the schema, and one write (so a read-only file or
 * folder is found now, not at the first alert).
 */
function openChecked(file: string): { ok: true; db: Database.Database } | { ok: false; fault: StoreFault } {
  let db: Database.Database | null = null;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    const rows: unknown = db.pragma(`quick_check(${QUICK_CHECK_ROWS})`);
    const problems = (Array.isArray(rows) ? rows : [])
      .map((row: unknown) => (row && typeof row === 'object' && 'quick_check' in row ? String(row.quick_check) : String(row)))
      .filter((line) => line !== 'ok');
    if (problems.length > 0) {
      db.close();
      return { ok: false, fault: { problem: 'corrupt', message: `SQLite's quick_check finds the database corrupt: ${problems.join('; ')}` } };
    }
    db.exec(SCHEMA);
    db.prepare("INSERT INTO meta (key, value) VALUES ('opened_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(new Date().toISOString());
    return { ok: true, db };
  } catch (error) {
    db?.close();
    return { ok: false, fault: storeFault(error) };
  }
}

/**
 * The embedded store: one SQLite file (WAL, synchronous=FULL so a committed
 * outbox row survives a power cut or `kill -9`). Created with its folder on
 * first start. Rows hold JSON bodies; only what is queried is a column.
 *
 * Every operation passes the store's guard (`guard.ts`): the file is
 * checked against the one opened (`sqlite-file.ts`) before each operation
 * and every 5 s, and a failure of the file or disk makes `health()` say so,
 * is logged once, and fails the operation — nothing is written into a file
 * that is no longer the one at the path.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): OpenStoreResult {
  const opened = openChecked(file);
  if (!opened.ok) return opened;
  const { db } = opened;
  const now = options.now ?? Date.now;
  let watch: DatabaseFileWatch | null = null;
  try {
    watch = file === ':memory:' ? null : watchDatabaseFile(file);
  } catch (error) {
    db.close();
    return { ok: false, fault: storeFault(error) };
  }
  const guard = createStoreGuard({
    check: () => watch?.check() ?? null,
    now,
    onChange(health) {
      const log = options.logger?.child({ component: 'store', path: file });
      if (health.ok) log?.info('store working again');
      else log?.error({ problem: health.problem }, `store ${file} failing: ${health.message}; ${STORE_REMEDIES[health.problem](file)}`);
    },
  });
  const probe = setInterval(() => guard.probe(), FILE_CHECK_MS);
  probe.unref();
  const run = <T>(operation: () => T): T => guard.run(operation);

  const putAlert = db.prepare('INSERT INTO alerts (fingerprint, body) VALUES (?, ?) ON CONFLICT (fingerprint) DO UPDATE SET body = excluded.body');
  const deleteAlert = db.prepare('DELETE FROM alerts WHERE fingerprint = ?');
  const putLog = db.prepare('INSERT INTO notification_log (key, body) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body');
  const enqueue = db.prepare("INSERT INTO outbox (id, receiver, status, next_attempt_at, created_at, body) VALUES (?, ?, 'pending', ?, ?, ?)");
  const due = db.prepare<[number, number], OutboxRow>("SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at, id LIMIT ?");
  const delivered = db.prepare("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, finished_at = ?, last_error = NULL WHERE id = ?");
  const retryLater = db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?');
  const failed = db.prepare("UPDATE outbox SET status = 'failed', attempts = attempts + 1, finished_at = ?, last_error = ? WHERE id = ?");
  const requeue = db.prepare("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL WHERE id = ? AND status = 'failed'");
  const prune = db.prepare("DELETE FROM outbox WHERE status != 'pending' AND finished_at < ?");
  const putSilence = db.prepare(
    'INSERT INTO silences (id, ends_at, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET ends_at = excluded.ends_at, body = excluded.body',
  );
  const putInbound = db.prepare('INSERT INTO inbound_alerts (key, body) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body');
  const deleteInbound = db.prepare('DELETE FROM inbound_alerts WHERE key = ?');
  const putAudit = db.prepare('INSERT INTO audit (at, body) VALUES (?, ?)');
  const auditPage = db.prepare<[number, number], { id: number; body: string }>('SELECT id, body FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?');
  const putSession = db.prepare(
    'INSERT INTO sessions (id, expires_at, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, body = excluded.body',
  );
  const getSession = db.prepare<[string], { body: string }>('SELECT body FROM sessions WHERE id = ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id = ?');
  const pruneSessions = db.prepare('DELETE FROM sessions WHERE expires_at < ?');

  const putCost = db.prepare(
    'INSERT INTO daily_cost (cluster, day, daily, currency) VALUES (?, ?, ?, ?) ON CONFLICT (cluster, day) DO UPDATE SET daily = excluded.daily, currency = excluded.currency',
  );
  const recordCosts = db.transaction((rows: readonly DailyCost[]) => {
    for (const r of rows) putCost.run(r.cluster, r.day, r.daily, r.currency);
  });
  const putRun = db.prepare('INSERT INTO schedule_runs (name, last_run) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_run = excluded.last_run');
  const commitRun = db.transaction((name: string, at: number, notifications: readonly Notification[]) => {
    putRun.run(name, at);
    for (const n of notifications) enqueue.run(n.id, n.receiver, n.createdAt, n.createdAt, JSON.stringify(n));
  });
  const deleteLog = db.prepare('DELETE FROM notification_log WHERE key = ?');
  const deleteLogEntries = db.transaction((entries: readonly NotificationLogEntry[]) => {
    for (const e of entries) deleteLog.run(`${e.groupKey}\u0000${e.receiver}`);
  });
  const saveAlerts = db.transaction((changed: readonly TrackedAlert[], removed: readonly string[]) => {
    for (const a of changed) putAlert.run(a.fingerprint, JSON.stringify(a));
    for (const fp of removed) deleteAlert.run(fp);
  });
  const commitFlush = db.transaction((log: readonly NotificationLogEntry[], notifications: readonly Notification[]) => {
    for (const e of log) putLog.run(`${e.groupKey}\u0000${e.receiver}`, JSON.stringify(e));
    for (const n of notifications) enqueue.run(n.id, n.receiver, n.createdAt, n.createdAt, JSON.stringify(n));
  });
  const saveInbound = db.transaction((changed: readonly InboundAlert[], removed: readonly string[]) => {
    for (const key of removed) deleteInbound.run(key);
    for (const a of changed) putInbound.run(a.key, JSON.stringify(a));
  });

  const putTransition = db.prepare('INSERT INTO status_transitions (cluster, at, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const appendTransitions = db.transaction((rows: readonly StatusTransition[]) => {
    for (const t of rows) putTransition.run(t.cluster, t.at, JSON.stringify(t));
  });
  const putEvent = db.prepare(
    'INSERT INTO events (id, last_seen, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body',
  );
  const saveEvents = db.transaction((events: readonly FleetEvent[]) => {
    for (const e of events) putEvent.run(e.id, e.lastSeen, JSON.stringify(e));
  });
  const putChange = db.prepare('INSERT INTO fact_changes (cluster, at, text, body) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const appendFactChanges = db.transaction((rows: readonly FleetChange[]) => {
    for (const c of rows) putChange.run(c.cluster, c.at, c.text, JSON.stringify(c));
  });
  const putFacts = db.prepare('INSERT INTO cluster_facts (cluster, body) VALUES (?, ?) ON CONFLICT (cluster) DO UPDATE SET body = excluded.body');
  const saveClusterFacts = db.transaction((rows: ReadonlyArray<{ cluster: string; body: string }>) => {
    for (const r of rows) putFacts.run(r.cluster, r.body);
  });
  const pruneHistory = db.transaction(
    (before: number) =>
      // The newest transition before `before` stays for each cluster: it says what the status was then (and still is, when none came after).
      db
        .prepare(
          'DELETE FROM status_transitions WHERE at < @before AND at < (SELECT MAX(u.at) FROM status_transitions u WHERE u.cluster = status_transitions.cluster AND u.at < @before)',
        )
        .run({ before }).changes +
      db.prepare('DELETE FROM events WHERE last_seen < ?').run(before).changes +
      db.prepare('DELETE FROM fact_changes WHERE at < ?').run(before).changes,
  );

  const store: Store = {
    health: () => guard.health(),
    // One process owns the file: it is the only replica, and always leads.
    shared: false,
    campaign: async (holder) => ({ holder, token: 1 }),
    resign: async () => undefined,
    holdsFence: async () => true,
    async loadAlertState() {
      return run(() => {
        const alerts = db
          .prepare<[], { body: string }>('SELECT body FROM alerts')
          .all()
          .map((r) => decodeAlert(r.body));
        const log = db
          .prepare<[], { body: string }>('SELECT body FROM notification_log')
          .all()
          .map((r) => decodeLogEntry(r.body));
        return { alerts, log };
      });
    },
    async saveAlerts(changed, removed) {
      if (changed.length || removed.length) run(() => saveAlerts(changed, removed));
    },
    async commitFlush(log, notifications) {
      if (log.length || notifications.length) run(() => commitFlush(log, notifications));
    },
    async deleteLogEntries(entries) {
      if (entries.length) run(() => deleteLogEntries(entries));
    },
    async dueNotifications(at, limit) {
      return run(() => due.all(at, limit).map(toItem));
    },
    async recordAttempt(id, outcome: AttemptOutcome) {
      run(() => {
        if (outcome.status === 'delivered') delivered.run(outcome.at, id);
        else if (outcome.status === 'pending') retryLater.run(outcome.nextAttemptAt, outcome.error, id);
        else failed.run(outcome.at, outcome.error, id);
      });
    },
    async listNotifications({ status, limit }) {
      return run(() =>
        (status
          ? db.prepare<[string, number], OutboxRow>('SELECT * FROM outbox WHERE status = ? ORDER BY created_at DESC, id LIMIT ?').all(status, limit)
          : db.prepare<[number], OutboxRow>('SELECT * FROM outbox ORDER BY created_at DESC, id LIMIT ?').all(limit)
        ).map(toItem),
      );
    },
    async countNotifications() {
      return run(() => {
        const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, failed: 0 };
        for (const row of db.prepare<[], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all()) {
          if (isStatus(row.status)) counts[row.status] = row.n;
        }
        return counts;
      });
    },
    async retryNotification(id, at) {
      return run(() => requeue.run(at, id).changes > 0);
    },
    async pruneNotifications(before) {
      return run(() => prune.run(before).changes);
    },
    async recordDailyCosts(rows) {
      if (rows.length) run(() => recordCosts(rows));
    },
    async dailyCostsSince(day) {
      return run(() => {
        db.prepare('DELETE FROM daily_cost WHERE day < ?').run(day);
        return db.prepare<[string], DailyCost>('SELECT cluster, day, daily, currency FROM daily_cost WHERE day >= ? ORDER BY day, cluster').all(day);
      });
    },
    async appendTransitions(rows) {
      if (rows.length) run(() => appendTransitions(rows));
    },
    async transitionsSince(at) {
      return run(() =>
        db
          .prepare<[number], { body: string }>('SELECT body FROM status_transitions WHERE at >= ? ORDER BY at, cluster')
          .all(at)
          .map((r) => decodeTransition(r.body)),
      );
    },
    async saveEvents(events) {
      if (events.length) run(() => saveEvents(events));
    },
    async eventsSince(at, limit) {
      return run(() =>
        db
          .prepare<[number, number], { body: string }>(
            'SELECT body FROM (SELECT body, last_seen, id FROM events WHERE last_seen >= ? ORDER BY last_seen DESC, id LIMIT ?) ORDER BY last_seen, id',
          )
          .all(at, limit)
          .map((r) => decodeEvent(r.body)),
      );
    },
    async appendFactChanges(rows) {
      if (rows.length) run(() => appendFactChanges(rows));
    },
    async factChangesSince(at) {
      return run(() =>
        db
          .prepare<[number], { body: string }>('SELECT body FROM fact_changes WHERE at >= ? ORDER BY at, cluster, text')
          .all(at)
          .map((r) => decodeChange(r.body)),
      );
    },
    async saveClusterFacts(rows) {
      if (rows.length) run(() => saveClusterFacts(rows));
    },
    async loadClusterFacts() {
      return run(() => db.prepare<[], { cluster: string; body: string }>('SELECT cluster, body FROM cluster_facts ORDER BY cluster').all());
    },
    async pruneHistory(before) {
      return run(() => pruneHistory(before));
    },
    async dailyCostHistory(day) {
      return run(() => db.prepare<[string], DailyCost>('SELECT cluster, day, daily, currency FROM daily_cost WHERE day >= ? ORDER BY day, cluster').all(day));
    },
    async scheduleRuns() {
      return run(
        () =>
          new Map(
            db
              .prepare<[], { name: string; last_run: number }>('SELECT name, last_run FROM schedule_runs')
              .all()
              .map((r) => [r.name, r.last_run]),
          ),
      );
    },
    async commitScheduledRun(name, at, notifications) {
      run(() => commitRun(name, at, notifications));
    },
    async listSilences() {
      return run(() =>
        db
          .prepare<[], { body: string }>('SELECT body FROM silences ORDER BY ends_at DESC')
          .all()
          .map((r) => decodeSilence(r.body)),
      );
    },
    async saveSilence(s) {
      run(() => putSilence.run(s.id, s.endsAt, JSON.stringify(s)));
    },
    async loadInboundAlerts() {
      return run(() =>
        db
          .prepare<[], { body: string }>('SELECT body FROM inbound_alerts')
          .all()
          .map((r) => decodeInbound(r.body)),
      );
    },
    async saveInboundAlerts(changed, removed) {
      if (changed.length || removed.length) run(() => saveInbound(changed, removed));
    },
    async appendAudit(entry) {
      run(() => putAudit.run(entry.at, JSON.stringify(entry)));
    },
    async listAudit({ limit, before }) {
      return run(() => auditPage.all(before ?? Number.MAX_SAFE_INTEGER, limit).map((r) => ({ ...decodeAudit(r.body), id: r.id })));
    },
    async saveSession(session) {
      run(() => putSession.run(session.id, session.expiresAt, JSON.stringify(session)));
    },
    async loadSession(id) {
      return run(() => {
        const row = getSession.get(id);
        return row ? decodeSession(row.body) : null;
      });
    },
    async deleteSession(id) {
      run(() => deleteSession.run(id));
    },
    async pruneSessions(before) {
      return run(() => pruneSessions.run(before).changes);
    },
    async close() {
      clearInterval(probe);
      db.close();
      // Only now: closing a descriptor of the file drops SQLite's locks on it.
      watch?.close();
    },
  };
  return { ok: true, store };
}
