import type { PoolClient } from 'pg';

/**
 * The PostgreSQL store's schema, one step per version, in order. A step is
 * never edited once released: a change is a new step. Times are epoch ms
 * (BIGINT); bodies are the records' JSON, as in the SQLite store. Keys are
 * columns of their own (TEXT cannot hold the NUL SQLite's keys join with).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE alerts (fingerprint TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE notification_log (group_key TEXT NOT NULL, receiver TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (group_key, receiver));
  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    receiver TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    body TEXT NOT NULL
  );
  CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
  CREATE TABLE daily_cost (cluster TEXT NOT NULL, day TEXT NOT NULL, daily DOUBLE PRECISION NOT NULL, currency TEXT NOT NULL, PRIMARY KEY (cluster, day));
  CREATE TABLE schedule_runs (name TEXT PRIMARY KEY, last_run BIGINT NOT NULL);
  CREATE TABLE silences (id TEXT PRIMARY KEY, ends_at BIGINT NOT NULL, body TEXT NOT NULL);
  CREATE TABLE inbound_alerts (key TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, body TEXT NOT NULL);
  CREATE TABLE sessions (id TEXT PRIMARY KEY, expires_at BIGINT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX sessions_expiry ON sessions (expires_at);
  `,
  // The leader lease of HA replicas: one row per lease; expires_at in the database's clock, so replicas' clocks need not agree.
  `
  CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, token BIGINT NOT NULL, expires_at BIGINT NOT NULL);
  `,
  // History that survives restarts and failover: each cluster's status transitions, and the merged events.
  `
  CREATE TABLE status_transitions (cluster TEXT NOT NULL, at BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (cluster, at));
  CREATE INDEX status_transitions_at ON status_transitions (at);
  CREATE TABLE events (id TEXT PRIMARY KEY, last_seen BIGINT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX events_last_seen ON events (last_seen);
  `,
  // Sharding: each replica's heartbeat, and each cluster's summary as its owner last wrote it (version from one sequence).
  `
  CREATE TABLE shard_members (replica TEXT PRIMARY KEY, url TEXT NOT NULL, instance TEXT NOT NULL, heartbeat_at BIGINT NOT NULL, joined_at BIGINT NOT NULL);
  CREATE SEQUENCE cluster_summary_version;
  CREATE TABLE cluster_summaries (cluster TEXT PRIMARY KEY, owner TEXT NOT NULL, version BIGINT NOT NULL, written_at BIGINT NOT NULL, body TEXT NOT NULL);
  `,
  // "What changed": version and image changes, and each cluster's last look they are compared with.
  `
  CREATE TABLE fact_changes (cluster TEXT NOT NULL, at BIGINT NOT NULL, text TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (cluster, at, text));
  CREATE INDEX fact_changes_at ON fact_changes (at);
  CREATE TABLE cluster_facts (cluster TEXT PRIMARY KEY, body TEXT NOT NULL);
  `,
];

/**
 * The key of the transaction-level advisory lock migrations run under, so
 * that replicas starting together apply each step once (any constant that
 * no other application on the database uses: "fleetscope" in ASCII).
 */
const MIGRATION_LOCK = 0x666c656574;

/**
 * Applies the steps not yet applied, in one transaction holding the
 * migration lock: a second replica waits, then finds them applied. Answers
 * the versions applied now (empty when the schema was up to date).
 */
export async function migrate(client: PoolClient, now: number): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(done.rows.map((r) => r.version));
    const fresh: number[] = [];
    for (const [i, step] of MIGRATIONS.entries()) {
      const version = i + 1;
      if (applied.has(version)) continue;
      await client.query(step);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, now]);
      fresh.push(version);
    }
    await client.query('COMMIT');
    return fresh;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
