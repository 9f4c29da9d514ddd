import pg, { type PoolClient } from 'pg';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../shared/alerts';
import type { StoreHealth } from '../../shared/server-status';
import type { Logger } from '../log';
import { LeaseLostError, STORE_REMEDIES, StoreUnavailableError, type StoreFault } from './faults';
import { postgresFault, redactUrl } from './postgres-faults';
import { migrate } from './postgres-migrations';
import { createPostgresShards } from './postgres-shards';
import type { AuditEntry, InboundAlert, Notification, NotificationLogEntry, SessionRecord, Silence, TrackedAlert } from './records';
import type { OpenStoreResult } from './sqlite';
import type { FleetEvent } from '../../shared/events';
import type { FleetChange } from '../../shared/reports/changes';
import type { DailyCost, Fence, OutboxItem, StatusTransition, Store } from './types';

/** Back-off of the reconnection probe while PostgreSQL cannot be reached: first and longest wait. */
const PROBE_FIRST_MS = 500;
const PROBE_MAX_MS = 15_000;

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database; never logged (only its redacted form). */
  url: string;
  /** How long a connection may take to be made, and a statement to answer, before the operation fails with StoreUnavailableError. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Connections kept at most. */
  maxConnections?: number;
  /** Where a failure of the store is logged, once per change of its health, with the redacted URL. */
  logger?: Logger;
  now?: () => number;
}

interface OutboxRow {
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  finished_at: string | null;
  body: string;
}

function isStatus(s: string): s is OutboxStatus {
  return OUTBOX_STATUSES.some((x) => x === s);
}

// As in the SQLite store: each body is JSON.stringify of one record of its table's type, written only by this store.
const decode = {
  alert: (body: string) => JSON.parse(body) as TrackedAlert,
  log: (body: string) => JSON.parse(body) as NotificationLogEntry,
  notification: (body: string) => JSON.parse(body) as Notification,
  silence: (body: string) => JSON.parse(body) as Silence,
  inbound: (body: string) => JSON.parse(body) as InboundAlert,
  audit: (body: string) => JSON.parse(body) as AuditEntry,
  session: (body: string) => JSON.parse(body) as SessionRecord,
  transition: (body: string) => JSON.parse(body) as StatusTransition,
  change: (body: string) => JSON.parse(body) as FleetChange,
  event: (body: string) => JSON.parse(body) as FleetEvent,
};

function toItem(row: OutboxRow): OutboxItem {
  return {
    notification: decode.notification(row.body),
    status: isStatus(row.status) ? row.status : 'failed',
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

/** The database's clock in epoch ms: lease times are read and written in one clock, whatever the replicas' clocks say. */
const DB_NOW = '(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint';
/** The one lease: the leader delivers notifications and runs schedules. */
const LEADER = 'leader';
const CAMPAIGN = `INSERT INTO leases AS l (name, holder, token, expires_at) VALUES ($1, $2, 1, ${DB_NOW} + $3)
  ON CONFLICT (name) DO UPDATE SET
    token = CASE WHEN l.holder = excluded.holder THEN l.token ELSE l.token + 1 END,
    holder = excluded.holder,
    expires_at = excluded.expires_at
  WHERE l.holder = excluded.holder OR l.expires_at < ${DB_NOW}
  RETURNING token`;
const HOLDS = `SELECT 1 FROM leases WHERE name = $1 AND holder = $2 AND token = $3 AND expires_at > ${DB_NOW}`;

const COSTS = 'SELECT cluster, day, daily, currency FROM daily_cost WHERE day >= $1 ORDER BY day, cluster';
const ENQUEUE = "INSERT INTO outbox (id, receiver, status, next_attempt_at, created_at, body) VALUES ($1, $2, 'pending', $3, $3, $4)";
const enqueueArgs = (n: Notification) => [n.id, n.receiver, n.createdAt, JSON.stringify(n)];

/**
 * The shared store: PostgreSQL (for several replicas on one database), the
 * same tables and semantics as the SQLite store, every all-or-nothing method
 * one transaction. The schema is brought up to date at open
 * (`postgres-migrations.ts`).
 *
 * When PostgreSQL cannot be reached or drops the connection, operations
 * reject with StoreUnavailableError within the connect or statement timeout
 * (never hang), `health()` says `unreachable` (so /readyz fails), and a probe
 * reconnects with back-off; the first operation or probe that works makes
 * the store healthy again. A transaction that did not commit is rolled back
 * by the server, so nothing acknowledged is lost and nothing half-done kept.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<OpenStoreResult> {
  const now = options.now ?? Date.now;
  const where = redactUrl(options.url);
  const log = options.logger?.child({ component: 'store', server: where });
  const statementTimeout = options.statementTimeoutMs ?? 10_000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // The server's timeout ends a slow statement; the client's, a server that no longer answers at all.
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout + 2_000,
    idleTimeoutMillis: 30_000,
  });
  let health: StoreHealth = { ok: true };
  let probe: NodeJS.Timeout | null = null;
  let probeWait = PROBE_FIRST_MS;
  let closed = false;

  function setHealth(next: StoreHealth): void {
    if (health.ok === next.ok && (health.ok || (!next.ok && health.problem === next.problem))) return;
    health = next;
    if (next.ok) log?.info('store working again');
    else log?.error({ problem: next.problem }, `store ${where} failing: ${next.message}; ${STORE_REMEDIES[next.problem](where)}`);
  }
  function failed(fault: StoreFault): void {
    setHealth({ ok: false, problem: fault.problem, message: fault.message, since: now() });
    if (!probe && !closed) scheduleProbe();
  }
  function scheduleProbe(): void {
    probe = setTimeout(() => {
      pool.query('SELECT 1').then(
        () => {
          probe = null;
          probeWait = PROBE_FIRST_MS;
          setHealth({ ok: true });
        },
        (error: unknown) => {
          if (closed) return;
          const fault = postgresFault(error);
          if (fault) setHealth({ ok: false, problem: fault.problem, message: fault.message, since: health.ok ? now() : health.since });
          probeWait = Math.min(probeWait * 2, PROBE_MAX_MS);
          scheduleProbe();
        },
      );
    }, probeWait);
    probe.unref();
  }

  async function guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      if (!health.ok) setHealth({ ok: true });
      return result;
    } catch (error) {
      const fault = postgresFault(error);
      if (!fault) throw error;
      failed(fault);
      throw new StoreUnavailableError(fault, { cause: error });
    }
  }
  const query = <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => guarded(() => pool.query<R>(text, values));
  // The pool listens for errors of idle connections only: one checked out that the server drops between two statements would otherwise end the process.
  const onClientError = (error: Error) => {
    const fault = postgresFault(error);
    if (fault) failed(fault);
  };
  // An idle connection the server drops is reported here; without a listener it would end the process.
  pool.on('error', onClientError);
  async function checkOut(): Promise<PoolClient> {
    const client = await pool.connect();
    client.on('error', onClientError);
    return client;
  }
  function checkIn(client: PoolClient, error?: unknown): void {
    client.removeListener('error', onClientError);
    // A connection that failed is dropped, not reused.
    client.release(error !== undefined && postgresFault(error) ? true : undefined);
  }
  const transaction = (work: (client: PoolClient) => Promise<void>) =>
    guarded(async () => {
      const client = await checkOut();
      try {
        await client.query('BEGIN');
        await work(client);
        await client.query('COMMIT');
        checkIn(client);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        checkIn(client, error);
        throw error;
      }
    });

  try {
    const client = await checkOut();
    try {
      const applied = await migrate(client, now());
      checkIn(client);
      if (applied.length) log?.info({ versions: applied }, 'store schema migrated');
    } catch (error) {
      checkIn(client, error);
      throw error;
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    const fault = postgresFault(error);
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, fault: fault ?? { problem: 'io_error', message: `the schema cannot be brought up to date: ${message}` } };
  }

  /** Inside a transaction: refuses it (LeaseLostError) unless `fence` holds the lease, which then cannot change hands before the commit (FOR SHARE). */
  async function checkFence(c: PoolClient, fence: Fence | undefined): Promise<void> {
    if (!fence) return;
    const held = await c.query(`${HOLDS} FOR SHARE`, [LEADER, fence.holder, fence.token]);
    if (!held.rowCount) throw new LeaseLostError(fence);
  }

  const store: Store = {
    health: () => health,
    shared: true,
    shards: createPostgresShards({ url: options.url, connectTimeoutMs: options.connectTimeoutMs ?? 5_000, query, transaction, logger: options.logger }),
    async campaign(holder, ttlMs) {
      const won = await query<{ token: string }>(CAMPAIGN, [LEADER, holder, ttlMs]);
      const row = won.rows[0];
      return row ? { holder, token: Number(row.token) } : null;
    },
    async resign(holder) {
      await query('UPDATE leases SET expires_at = 0 WHERE name = $1 AND holder = $2', [LEADER, holder]);
    },
    async holdsFence(fence) {
      return ((await query(HOLDS, [LEADER, fence.holder, fence.token])).rowCount ?? 0) > 0;
    },
    async loadAlertState() {
      const alerts = await query<{ body: string }>('SELECT body FROM alerts');
      const entries = await query<{ body: string }>('SELECT body FROM notification_log');
      return { alerts: alerts.rows.map((r) => decode.alert(r.body)), log: entries.rows.map((r) => decode.log(r.body)) };
    },
    async saveAlerts(changed, removed) {
      if (!changed.length && !removed.length) return;
      await transaction(async (c) => {
        for (const a of changed)
          await c.query('INSERT INTO alerts (fingerprint, body) VALUES ($1, $2) ON CONFLICT (fingerprint) DO UPDATE SET body = excluded.body', [
            a.fingerprint,
            JSON.stringify(a),
          ]);
        if (removed.length) await c.query('DELETE FROM alerts WHERE fingerprint = ANY($1)', [removed]);
      });
    },
    async commitFlush(entries, notifications, fence) {
      if (!entries.length && !notifications.length) return;
      await transaction(async (c) => {
        await checkFence(c, fence);
        for (const e of entries)
          await c.query(
            'INSERT INTO notification_log (group_key, receiver, body) VALUES ($1, $2, $3) ON CONFLICT (group_key, receiver) DO UPDATE SET body = excluded.body',
            [e.groupKey, e.receiver, JSON.stringify(e)],
          );
        for (const n of notifications) await c.query(ENQUEUE, enqueueArgs(n));
      });
    },
    async deleteLogEntries(entries) {
      if (entries.length)
        await query('DELETE FROM notification_log WHERE (group_key, receiver) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [
          entries.map((e) => e.groupKey),
          entries.map((e) => e.receiver),
        ]);
    },
    async dueNotifications(at, limit) {
      const rows = await query<OutboxRow>("SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY created_at, id LIMIT $2", [
        at,
        limit,
      ]);
      return rows.rows.map(toItem);
    },
    async recordAttempt(id, outcome) {
      if (outcome.status === 'delivered')
        await query("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, finished_at = $1, last_error = NULL WHERE id = $2", [outcome.at, id]);
      else if (outcome.status === 'pending')
        await query('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3', [
          outcome.nextAttemptAt,
          outcome.error,
          id,
        ]);
      else
        await query("UPDATE outbox SET status = 'failed', attempts = attempts + 1, finished_at = $1, last_error = $2 WHERE id = $3", [
          outcome.at,
          outcome.error,
          id,
        ]);
    },
    async listNotifications({ status, limit }) {
      const rows = status
        ? await query<OutboxRow>('SELECT * FROM outbox WHERE status = $1 ORDER BY created_at DESC, id LIMIT $2', [status, limit])
        : await query<OutboxRow>('SELECT * FROM outbox ORDER BY created_at DESC, id LIMIT $1', [limit]);
      return rows.rows.map(toItem);
    },
    async countNotifications() {
      const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      const rows = await query<{ status: string; n: string }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status');
      for (const row of rows.rows) if (isStatus(row.status)) counts[row.status] = Number(row.n);
      return counts;
    },
    async retryNotification(id, at) {
      const result = await query(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, finished_at = NULL WHERE id = $2 AND status = 'failed'",
        [at, id],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async pruneNotifications(before) {
      const result = await query("DELETE FROM outbox WHERE status != 'pending' AND finished_at < $1", [before]);
      return result.rowCount ?? 0;
    },
    async recordDailyCosts(rows) {
      if (!rows.length) return;
      await transaction(async (c) => {
        for (const r of rows)
          await c.query(
            'INSERT INTO daily_cost (cluster, day, daily, currency) VALUES ($1, $2, $3, $4) ON CONFLICT (cluster, day) DO UPDATE SET daily = excluded.daily, currency = excluded.currency',
            [r.cluster, r.day, r.daily, r.currency],
          );
      });
    },
    async dailyCostsSince(day) {
      let kept: DailyCost[] = [];
      await transaction(async (c) => {
        await c.query('DELETE FROM daily_cost WHERE day < $1', [day]);
        kept = (await c.query<DailyCost>(COSTS, [day])).rows;
      });
      return kept;
    },
    async appendTransitions(rows) {
      if (!rows.length) return;
      await query('INSERT INTO status_transitions (cluster, at, body) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) ON CONFLICT DO NOTHING', [
        rows.map((t) => t.cluster),
        rows.map((t) => t.at),
        rows.map((t) => JSON.stringify(t)),
      ]);
    },
    async transitionsSince(at) {
      return (await query<{ body: string }>('SELECT body FROM status_transitions WHERE at >= $1 ORDER BY at, cluster', [at])).rows.map((r) =>
        decode.transition(r.body),
      );
    },
    async saveEvents(events) {
      if (!events.length) return;
      // One row per id even when the batch repeats one: the last wins, as it would one by one.
      const latest = [...new Map(events.map((e) => [e.id, e])).values()];
      await query(
        'INSERT INTO events (id, last_seen, body) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body',
        [latest.map((e) => e.id), latest.map((e) => e.lastSeen), latest.map((e) => JSON.stringify(e))],
      );
    },
    async eventsSince(at, limit) {
      const rows = await query<{ body: string }>(
        'SELECT body FROM (SELECT body, last_seen, id FROM events WHERE last_seen >= $1 ORDER BY last_seen DESC, id LIMIT $2) AS newest ORDER BY last_seen, id',
        [at, limit],
      );
      return rows.rows.map((r) => decode.event(r.body));
    },
    async appendFactChanges(rows) {
      if (!rows.length) return;
      await query(
        'INSERT INTO fact_changes (cluster, at, text, body) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING',
        [rows.map((c) => c.cluster), rows.map((c) => c.at), rows.map((c) => c.text), rows.map((c) => JSON.stringify(c))],
      );
    },
    async factChangesSince(at) {
      return (await query<{ body: string }>('SELECT body FROM fact_changes WHERE at >= $1 ORDER BY at, cluster, text', [at])).rows.map((r) =>
        decode.change(r.body),
      );
    },
    async saveClusterFacts(rows) {
      if (!rows.length) return;
      // One row per cluster even when the batch repeats one: the last wins.
      const latest = [...new Map(rows.map((r) => [r.cluster, r])).values()];
      await query(
        'INSERT INTO cluster_facts (cluster, body) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (cluster) DO UPDATE SET body = excluded.body',
        [latest.map((r) => r.cluster), latest.map((r) => r.body)],
      );
    },
    async loadClusterFacts() {
      return (await query<{ cluster: string; body: string }>('SELECT cluster, body FROM cluster_facts ORDER BY cluster')).rows;
    },
    async pruneHistory(before) {
      // The newest transition before `before` stays for each cluster: it says what the status was then (and still is, when none came after).
      const transitions = await query(
        'DELETE FROM status_transitions WHERE at < $1 AND at < (SELECT MAX(u.at) FROM status_transitions u WHERE u.cluster = status_transitions.cluster AND u.at < $1)',
        [before],
      );
      const events = await query('DELETE FROM events WHERE last_seen < $1', [before]);
      const changes = await query('DELETE FROM fact_changes WHERE at < $1', [before]);
      return (transitions.rowCount ?? 0) + (events.rowCount ?? 0) + (changes.rowCount ?? 0);
    },
    async dailyCostHistory(day) {
      return (await query<DailyCost>(COSTS, [day])).rows;
    },
    async scheduleRuns() {
      const rows = await query<{ name: string; last_run: string }>('SELECT name, last_run FROM schedule_runs');
      return new Map(rows.rows.map((r) => [r.name, Number(r.last_run)]));
    },
    async commitScheduledRun(name, at, notifications, fence) {
      await transaction(async (c) => {
        await checkFence(c, fence);
        await c.query('INSERT INTO schedule_runs (name, last_run) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET last_run = excluded.last_run', [name, at]);
        for (const n of notifications) await c.query(ENQUEUE, enqueueArgs(n));
      });
    },
    async listSilences() {
      return (await query<{ body: string }>('SELECT body FROM silences ORDER BY ends_at DESC')).rows.map((r) => decode.silence(r.body));
    },
    async saveSilence(s) {
      await query(
        'INSERT INTO silences (id, ends_at, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET ends_at = excluded.ends_at, body = excluded.body',
        [s.id, s.endsAt, JSON.stringify(s)],
      );
    },
    async loadInboundAlerts() {
      return (await query<{ body: string }>('SELECT body FROM inbound_alerts')).rows.map((r) => decode.inbound(r.body));
    },
    async saveInboundAlerts(changed, removed) {
      if (!changed.length && !removed.length) return;
      await transaction(async (c) => {
        if (removed.length) await c.query('DELETE FROM inbound_alerts WHERE key = ANY($1)', [removed]);
        for (const a of changed)
          await c.query('INSERT INTO inbound_alerts (key, body) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET body = excluded.body', [
            a.key,
            JSON.stringify(a),
          ]);
      });
    },
    async appendAudit(entry) {
      await query('INSERT INTO audit (at, body) VALUES ($1, $2)', [entry.at, JSON.stringify(entry)]);
    },
    async listAudit({ limit, before }) {
      const rows = await query<{ id: string; body: string }>('SELECT id, body FROM audit WHERE id < $1 ORDER BY id DESC LIMIT $2', [
        before ?? Number.MAX_SAFE_INTEGER,
        limit,
      ]);
      return rows.rows.map((r) => ({ ...decode.audit(r.body), id: Number(r.id) }));
    },
    async saveSession(session) {
      await query(
        'INSERT INTO sessions (id, expires_at, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, body = excluded.body',
        [session.id, session.expiresAt, JSON.stringify(session)],
      );
    },
    async loadSession(id) {
      const row = (await query<{ body: string }>('SELECT body FROM sessions WHERE id = $1', [id])).rows[0];
      return row ? decode.session(row.body) : null;
    },
    async deleteSession(id) {
      await query('DELETE FROM sessions WHERE id = $1', [id]);
    },
    async pruneSessions(before) {
      return (await query('DELETE FROM sessions WHERE expires_at < $1', [before])).rowCount ?? 0;
    },
    async close() {
      closed = true;
      if (probe) clearTimeout(probe);
      await pool.end();
    },
  };
  return { ok: true, store };
}
