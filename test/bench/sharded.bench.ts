/**
 * Sharded: R `fleetscope serve` replicas (real processes) on one PostgreSQL
 * (started on loopback by the test set-up) sharing N simulated clusters of
 * about S series each, a websocket client on every replica. One node of one
 * cluster at a time turns NotReady (then Ready again); printed: the time
 * from that change to the tile changing on the owner's stream and on each
 * other replica's stream (p50, p99), the hop owner → other replica
 * (PostgreSQL, LISTEN/NOTIFY, the other's delta), PostgreSQL commits and
 * rows written per second, and each replica's CPU and RSS over the window.
 *
 *   npm run bench -- sharded
 *   BENCH_CLUSTERS=1000 BENCH_SERIES=1000 BENCH_REPLICAS=4 BENCH_CHANGES=60 npm run bench -- sharded
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startSimFleet } from '../../server/simulator/demo';
import { scaleSpecs, seriesCount } from '../../server/simulator/scale';
import { ownerOf } from '../../server/sharding/rendezvous';
import type { ClusterStatus } from '../../shared/health';
import type { ServerMessage } from '../../shared/protocol';
import { kill9, startServe, type ServeChild } from '../helpers/command';
import { startPostgres } from '../helpers/postgres';
import { waitFor } from '../helpers/server';
import { connectWs } from '../helpers/ws-client';
import { shardConfig, sharesOf } from '../integration/sharding-helpers';
import { percentile, printTable } from './stream-support';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 100);
const SERIES = Number(process.env.BENCH_SERIES ?? 1_000);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 4);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 40);
const INTERVAL = process.env.BENCH_INTERVAL ?? '5s';
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 1_500);

/** A process' CPU seconds (user + system) and resident memory, from /proc. */
function usage(pid: number): { cpuS: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuS: ticks / 100, rssMiB: Number(rss?.[1] ?? 0) / 1024 };
}

/** A websocket client that notes when each cluster's tile first showed each status. */
async function watch(url: string) {
  const client = await connectWs(`${url.replace('http', 'ws')}/ws`);
  const status = new Map<string, ClusterStatus>();
  const changedAt = new Map<string, { status: ClusterStatus; at: number }>();
  client.socket.on('message', () => {
    const message = client.messages.pop() as ServerMessage;
    if (message.type !== 'snapshot' && message.type !== 'delta') return;
    const at = Date.now();
    for (const entry of message.clusters) {
      if (status.get(entry.health.cluster) !== entry.health.status) changedAt.set(entry.health.cluster, { status: entry.health.status, at });
      status.set(entry.health.cluster, entry.health.status);
    }
  });
  return { status, changedAt, close: client.close };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-sharded-'));
const postgres = await startPostgres();
const specs = scaleSpecs({ clusters: CLUSTERS, seriesPerCluster: SERIES, namePrefix: 'shard' });
const sim = await startSimFleet(specs, { interval: INTERVAL, prometheusOnly: true });
const names = Array.from({ length: REPLICAS }, (_, i) => `replica-${i}`);
let replicas: ServeChild[] = [];
try {
  replicas = await Promise.all(
    names.map((replica) => {
      const file = path.join(dir, `${replica}.json`);
      writeFileSync(
        file,
        JSON.stringify(
          shardConfig({
            clusters: sim.configDocument().clusters,
            postgresUrl: postgres.url,
            replica,
            intervals: { heartbeat: '2s', memberTimeout: '6s', handover: '10s' },
          }),
        ),
      );
      return startServe(file, { LOG_LEVEL: 'warn' });
    }),
  );
  await waitFor('every cluster scraped once, each by one replica', async () => (await sharesOf(replicas)).reduce((a, b) => a + b, 0) === CLUSTERS, 180_000);
  const walls = await Promise.all(replicas.map((r) => watch(r.url)));
  await waitFor(
    'every cluster healthy on every stream',
    () => walls.every((w) => [...w.status.values()].filter((s) => s === 'healthy').length === CLUSTERS),
    180_000,
  );

  const db = new pg.Client({ connectionString: postgres.url });
  await db.connect();
  const written = async () => {
    const { rows } = await db.query<{ commits: string; rows: string }>(
      "select xact_commit as commits, tup_inserted + tup_updated + tup_deleted as rows from pg_stat_database where datname = 'fleetscope'",
    );
    return { commits: Number(rows[0]!.commits), rows: Number(rows[0]!.rows) };
  };
  const before = { at: Date.now(), db: await written(), usage: replicas.map((r) => usage(r.process.pid!)) };

  const toOwner: number[] = [];
  const toOthers: number[] = [];
  const hops: number[] = [];
  let missed = 0;
  for (let i = 0; i < CHANGES; i++) {
    // Each cluster twice in a row: a node NotReady, then Ready again.
    const cluster = sim.clusters[(Math.floor(i / 2) * 7) % sim.clusters.length]!;
    const owner = ownerOf(cluster.name, names);
    const node = cluster.live.model.nodes[0]!.name;
    const ready = i % 2 === 1;
    const shows = (s: ClusterStatus | undefined) => (ready ? s === 'healthy' : s !== 'healthy');
    const changed = Date.now();
    cluster.live.updateNode(node, (n) => {
      n.ready = ready;
    });
    try {
      await waitFor(
        'the tile changed on every stream',
        () => walls.every((w) => shows(w.status.get(cluster.name)) && (w.changedAt.get(cluster.name)?.at ?? 0) >= changed),
        30_000,
      );
    } catch {
      missed++;
      continue;
    }
    const atOwner = walls[names.indexOf(owner!)]!.changedAt.get(cluster.name)!.at;
    toOwner.push(atOwner - changed);
    for (const [j, w] of walls.entries()) {
      if (names[j] === owner) continue;
      const at = w.changedAt.get(cluster.name)!.at;
      toOthers.push(at - changed);
      hops.push(at - atOwner);
    }
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  const after = { at: Date.now(), db: await written(), usage: replicas.map((r) => usage(r.process.pid!)) };
  await db.end();
  for (const w of walls) w.close();

  const seconds = (after.at - before.at) / 1000;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const ms = (xs: number[], q: number) => `${percentile(sorted(xs), q)} ms`;
  const shares = await sharesOf(replicas);
  printTable(
    `sharded: ${REPLICAS} replicas, ${CLUSTERS} clusters × ${seriesCount(specs[0]!)} series (${CLUSTERS * seriesCount(specs[0]!)} in all), scrape interval ${INTERVAL}, ${CHANGES} changes over ${seconds.toFixed(0)} s, ${os.cpus().length} cores`,
    [
      ['clusters per replica', shares.join(' / ')],
      ['change → owner stream p50 / p99', `${ms(toOwner, 0.5)} / ${ms(toOwner, 0.99)} (includes waiting for the next scrape)`],
      ['change → other replica stream p50 / p99', `${ms(toOthers, 0.5)} / ${ms(toOthers, 0.99)} (target p99 ≤ 2 s after the owner's scrape)`],
      ['owner stream → other stream p50 / p99', `${ms(hops, 0.5)} / ${ms(hops, 0.99)}`],
      ['changes not seen within 30 s', String(missed)],
      ['PostgreSQL commits per second', (((after.db.commits - before.db.commits) / seconds) | 0).toString()],
      ['PostgreSQL rows written per second', (((after.db.rows - before.db.rows) / seconds) | 0).toString()],
      ...replicas.map((_, j) => {
        const cpu = (after.usage[j]!.cpuS - before.usage[j]!.cpuS) / seconds;
        return [`${names[j]} CPU / RSS`, `${(cpu * 100).toFixed(0)} % of a core / ${after.usage[j]!.rssMiB.toFixed(0)} MiB`] as const;
      }),
    ],
  );
} finally {
  for (const r of replicas) await kill9(r);
  await sim.close();
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
