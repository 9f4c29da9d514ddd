import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../shared/alerts';
import type { Notification, NotificationLogEntry, Silence, TrackedAlert } from './records';
import { type AttemptOutcome, type DailyCost, type OutboxItem, type Store } from './types';

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
`;

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

/**
 * The embedded store: one SQLite file (WAL, synchronous=FULL so a committed
 * outbox row survives a power cut or `kill -9`). Created with its folder on
 * first start. Rows hold JSON bodies; only what is queried is a column.
 */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

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

  return {
    async loadAlertState() {
      const alerts = db
        .prepare<[], { body: string }>('SELECT body FROM alerts')
        .all()
        .map((r) => decodeAlert(r.body));
      const log = db
        .prepare<[], { body: string }>('SELECT body FROM notification_log')
        .all()
        .map((r) => decodeLogEntry(r.body));
      return { alerts, log };
    },
    async saveAlerts(changed, removed) {
      if (changed.length || removed.length) saveAlerts(changed, removed);
    },
    async commitFlush(log, notifications) {
      if (log.length || notifications.length) commitFlush(log, notifications);
    },
    async deleteLogEntries(entries) {
      if (entries.length) deleteLogEntries(entries);
    },
    async dueNotifications(now, limit) {
      return due.all(now, limit).map(toItem);
    },
    async recordAttempt(id, outcome: AttemptOutcome) {
      if (outcome.status === 'delivered') delivered.run(outcome.at, id);
      else if (outcome.status === 'pending') retryLater.run(outcome.nextAttemptAt, outcome.error, id);
      else failed.run(outcome.at, outcome.error, id);
    },
    async listNotifications({ status, limit }) {
      const rows = status
        ? db.prepare<[string, number], OutboxRow>('SELECT * FROM outbox WHERE status = ? ORDER BY created_at DESC, id LIMIT ?').all(status, limit)
        : db.prepare<[number], OutboxRow>('SELECT * FROM outbox ORDER BY created_at DESC, id LIMIT ?').all(limit);
      return rows.map(toItem);
    },
    async countNotifications() {
      const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const row of db.prepare<[], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all()) {
        if (isStatus(row.status)) counts[row.status] = row.n;
      }
      return counts;
    },
    async retryNotification(id, now) {
      return requeue.run(now, id).changes > 0;
    },
    async pruneNotifications(before) {
      return prune.run(before).changes;
    },
    async recordDailyCosts(rows) {
      if (rows.length) recordCosts(rows);
    },
    async dailyCostsSince(day) {
      db.prepare('DELETE FROM daily_cost WHERE day < ?').run(day);
      return db.prepare<[string], DailyCost>('SELECT cluster, day, daily, currency FROM daily_cost WHERE day >= ? ORDER BY day, cluster').all(day);
    },
    async dailyCostHistory(day) {
      return db.prepare<[string], DailyCost>('SELECT cluster, day, daily, currency FROM daily_cost WHERE day >= ? ORDER BY day, cluster').all(day);
    },
    async scheduleRuns() {
      return new Map(
        db
          .prepare<[], { name: string; last_run: number }>('SELECT name, last_run FROM schedule_runs')
          .all()
          .map((r) => [r.name, r.last_run]),
      );
    },
    async commitScheduledRun(name, at, notifications) {
      commitRun(name, at, notifications);
    },
    async listSilences() {
      return db
        .prepare<[], { body: string }>('SELECT body FROM silences ORDER BY ends_at DESC')
        .all()
        .map((r) => decodeSilence(r.body));
    },
    async saveSilence(s) {
      putSilence.run(s.id, s.endsAt, JSON.stringify(s));
    },
    async close() {
      db.close();
    },
  };
}
