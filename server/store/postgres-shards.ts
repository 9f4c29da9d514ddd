import pg from 'pg';
import type { Logger } from '../log';
import { postgresFault } from './postgres-faults';
import type { ClusterSummaryRow, ShardMember, ShardStore } from './types';

/** The channel a write of summaries notifies, with the clusters it wrote as a JSON array. */
export const SUMMARY_CHANNEL = 'fleetscope_summaries';
/** NOTIFY's payload must stay under 8,000 bytes: a write naming more clusters notifies in parts. */
const PAYLOAD_BYTES = 7_000;
/** A member whose heartbeat is older than this is removed from the table (it left without saying so, long ago). */
const FORGET_MEMBER_MS = 86_400_000;
/** Back-off of the listening connection's reconnection: first and longest wait. */
const LISTEN_RETRY_FIRST_MS = 250;
const LISTEN_RETRY_MAX_MS = 5_000;

const DB_NOW = '(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint';
const HEARTBEAT = `INSERT INTO shard_members AS m (replica, url, instance, heartbeat_at, joined_at) VALUES ($1, $2, $3, ${DB_NOW}, ${DB_NOW})
  ON CONFLICT (replica) DO UPDATE SET
    url = excluded.url,
    joined_at = CASE WHEN m.instance = excluded.instance THEN m.joined_at ELSE excluded.joined_at END,
    instance = excluded.instance,
    heartbeat_at = excluded.heartbeat_at`;
const WRITE = `INSERT INTO cluster_summaries AS s (cluster, owner, version, written_at, body)
  SELECT c, $1, nextval('cluster_summary_version'), ${DB_NOW}, b FROM unnest($2::text[], $3::text[]) AS t(c, b)
  ON CONFLICT (cluster) DO UPDATE SET owner = excluded.owner, version = excluded.version, written_at = excluded.written_at, body = excluded.body`;

type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;
type Transaction = (work: (client: pg.PoolClient) => Promise<void>) => Promise<void>;

/** The clusters' names in NOTIFY payloads, each under the size PostgreSQL takes. */
export function payloads(clusters: readonly string[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let bytes = 2;
  for (const c of clusters) {
    const size = Buffer.byteLength(JSON.stringify(c)) + 1;
    if (part.length && bytes + size > PAYLOAD_BYTES) {
      out.push(JSON.stringify(part));
      part = [];
      bytes = 2;
    }
    part.push(c);
    bytes += size;
  }
  if (part.length) out.push(JSON.stringify(part));
  return out;
}

function namesOf(payload: string | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(payload ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The shard tables over the PostgreSQL store's pool (its `query` and
 * `transaction`, whose failures already turn into the store's health and
 * StoreUnavailableError), and a connection of its own to LISTEN on.
 */
export function createPostgresShards(options: { url: string; connectTimeoutMs: number; query: Query; transaction: Transaction; logger?: Logger }): ShardStore {
  const { query, transaction } = options;
  const log = options.logger?.child({ component: 'sharding' });
  return {
    async heartbeat(member, timeoutMs) {
      let duplicate = false;
      let rows: ShardMember[] = [];
      await transaction(async (c) => {
        // Another process writing the same name while its heartbeat is fresh: two replicas were given one name.
        const before = await c.query<{ instance: string; fresh: boolean }>(
          `SELECT instance, heartbeat_at > ${DB_NOW} - $2 AS fresh FROM shard_members WHERE replica = $1 FOR UPDATE`,
          [member.replica, timeoutMs],
        );
        const row = before.rows[0];
        duplicate = row !== undefined && row.instance !== member.instance && row.fresh;
        await c.query(HEARTBEAT, [member.replica, member.url, member.instance]);
        await c.query(`DELETE FROM shard_members WHERE heartbeat_at < ${DB_NOW} - $1`, [FORGET_MEMBER_MS]);
        const live = await c.query<{ replica: string; url: string; heartbeat_at: string; joined_at: string }>(
          `SELECT replica, url, heartbeat_at, joined_at FROM shard_members WHERE heartbeat_at > ${DB_NOW} - $1 ORDER BY replica`,
          [timeoutMs],
        );
        rows = live.rows.map((r) => ({ replica: r.replica, url: r.url, heartbeatAt: Number(r.heartbeat_at), joinedAt: Number(r.joined_at) }));
      });
      return { members: rows, duplicate };
    },
    async leave(member) {
      await query('DELETE FROM shard_members WHERE replica = $1 AND instance = $2', [member.replica, member.instance]);
    },
    async writeSummaries(owner, rows) {
      if (!rows.length) return;
      await transaction(async (c) => {
        await c.query(WRITE, [owner, rows.map((r) => r.cluster), rows.map((r) => r.body)]);
        // Delivered at commit, in commit order, to every listening replica.
        for (const payload of payloads(rows.map((r) => r.cluster))) await c.query('SELECT pg_notify($1, $2)', [SUMMARY_CHANNEL, payload]);
      });
    },
    async readSummaries(clusters) {
      const result = await query<{ cluster: string; owner: string; version: string; written_at: string; body: string }>(
        clusters
          ? 'SELECT cluster, owner, version, written_at, body FROM cluster_summaries WHERE cluster = ANY($1)'
          : 'SELECT cluster, owner, version, written_at, body FROM cluster_summaries',
        clusters ? [clusters] : [],
      );
      return result.rows.map((r): ClusterSummaryRow => ({
        cluster: r.cluster,
        owner: r.owner,
        version: Number(r.version),
        writtenAt: Number(r.written_at),
        body: r.body,
      }));
    },
    listen(handlers) {
      let closed = false;
      let client: pg.Client | null = null;
      let timer: NodeJS.Timeout | null = null;
      let wait = LISTEN_RETRY_FIRST_MS;
      const retry = () => {
        if (closed || timer) return;
        timer = setTimeout(() => {
          timer = null;
          void connect();
        }, wait);
        timer.unref();
        wait = Math.min(wait * 2, LISTEN_RETRY_MAX_MS);
      };
      async function connect(): Promise<void> {
        const c = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: options.connectTimeoutMs });
        client = c;
        c.on('error', (error) => {
          if (client === c) client = null;
          log?.warn({ problem: postgresFault(error)?.problem ?? 'io_error' }, 'the connection listening for cluster summaries was lost; reconnecting');
          c.end().catch(() => undefined);
          retry();
        });
        c.on('notification', (n) => {
          if (n.channel === SUMMARY_CHANNEL) handlers.changed(namesOf(n.payload));
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${SUMMARY_CHANNEL}`);
          if (closed) {
            await c.end();
            return;
          }
          wait = LISTEN_RETRY_FIRST_MS;
          // Whatever was written before anyone listened is read now.
          handlers.listening();
        } catch {
          if (client === c) client = null;
          c.end().catch(() => undefined);
          retry();
        }
      }
      void connect();
      return {
        async close() {
          closed = true;
          if (timer) clearTimeout(timer);
          const c = client;
          client = null;
          await c?.end().catch(() => undefined);
        },
      };
    },
  };
}
