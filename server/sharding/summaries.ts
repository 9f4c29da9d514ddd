import { periodic } from '../history/periodic';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../store/faults';
import type { ClusterSummaryRow, ShardStore } from '../store/types';

/** Clusters marked at most this long ago are written together (one transaction, one notification). */
export const SUMMARY_FLUSH_MS = 250;
/** Every summary is read again this often besides the notifications (one lost in a reconnection is then found). */
const FULL_READ_MS = 60_000;

/**
 * Writes the summaries of this replica's clusters: a cluster marked as
 * changed is written at the next flush, when its JSON differs from what was
 * last written. What the store does not take is written at the next flush.
 */
export interface SummaryWriter {
  mark(cluster: string): void;
  /** Writes what is marked now. */
  flush(): Promise<void>;
  start(): void;
  close(): Promise<void>;
  /** Summaries written and the writes (transactions) made since the start. */
  stats(): { summaries: number; writes: number };
}

export function createSummaryWriter(options: {
  shards: ShardStore;
  owner: string;
  /** The clusters' summaries as JSON now, by cluster (made together: one time, one evaluation); a cluster left out has nothing to say (not scraped here yet). */
  summariesOf: (clusters: readonly string[]) => ReadonlyMap<string, string>;
  logger: Logger;
}): SummaryWriter {
  const { shards, owner } = options;
  const logger = options.logger.child({ component: 'sharding' });
  const marked = new Set<string>();
  const written = new Map<string, string>();
  let failing = false;
  let summaries = 0;
  let writes = 0;

  async function flushOnce(): Promise<void> {
    if (!marked.size) return;
    const rows: { cluster: string; body: string }[] = [];
    const bodies = options.summariesOf([...marked]);
    marked.clear();
    for (const [cluster, body] of bodies) if (body !== written.get(cluster)) rows.push({ cluster, body });
    if (!rows.length) return;
    try {
      await shards.writeSummaries(owner, rows);
      for (const r of rows) written.set(r.cluster, r.body);
      summaries += rows.length;
      writes++;
      if (failing) logger.info('cluster summaries written again');
      failing = false;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (!failing) logger.warn({ problem: error.problem }, 'cluster summaries not written: the store is not working; written when it is');
      failing = true;
      for (const r of rows) marked.add(r.cluster);
    }
  }
  const flushing = periodic(flushOnce);
  return {
    mark: (cluster) => void marked.add(cluster),
    flush: () => flushing.run(),
    start: () => flushing.start(SUMMARY_FLUSH_MS),
    async close() {
      await flushing.stop();
      await flushOnce().catch(() => undefined);
    },
    stats: () => ({ summaries, writes }),
  };
}

/** The summaries the other replicas wrote, kept newest per cluster, told on every change. */
export interface SummaryReader {
  /** The newest summary read of a cluster. */
  get(cluster: string): { row: ClusterSummaryRow; value: unknown } | null;
  /** Reads every summary now (a replica starting serves the others' clusters from them at once). */
  readAll(): Promise<void>;
  start(): void;
  close(): Promise<void>;
}

export function createSummaryReader(options: {
  shards: ShardStore;
  /** A summary's JSON read back (parsed once per version). */
  parse: (body: string) => unknown;
  /** Told after a cluster's summary changed. */
  changed: (cluster: string) => void;
  logger: Logger;
}): SummaryReader {
  const { shards } = options;
  const logger = options.logger.child({ component: 'sharding' });
  const held = new Map<string, { row: ClusterSummaryRow; value: unknown }>();
  let wanted = new Set<string>();
  let all = false;
  let reading: Promise<void> | null = null;
  let failing = false;
  let listener: { close(): Promise<void> } | null = null;
  let timer: NodeJS.Timeout | null = null;

  function take(rows: readonly ClusterSummaryRow[]): void {
    for (const row of rows) {
      const kept = held.get(row.cluster);
      if (kept && kept.row.version >= row.version) continue;
      let value: unknown;
      try {
        value = options.parse(row.body);
      } catch (error) {
        logger.warn({ cluster: row.cluster, owner: row.owner, err: error }, 'a cluster summary that does not read was left out');
        continue;
      }
      held.set(row.cluster, { row, value });
      options.changed(row.cluster);
    }
  }

  /** Reads what was asked for, in one query; what is asked meanwhile is read right after. */
  function read(): Promise<void> {
    reading ??= (async () => {
      while (all || wanted.size) {
        const names = all ? undefined : [...wanted];
        all = false;
        wanted = new Set();
        try {
          take(await shards.readSummaries(names));
          if (failing) logger.info('cluster summaries read again');
          failing = false;
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
          if (!failing) logger.warn({ problem: error.problem }, 'cluster summaries not read: the store is not working; the last ones read stay');
          failing = true;
          return;
        }
      }
    })().finally(() => {
      reading = null;
    });
    return reading;
  }

  return {
    get: (cluster) => held.get(cluster) ?? null,
    readAll() {
      // A read under way reads everything again after the names it took.
      all = true;
      return read();
    },
    start() {
      listener = shards.listen({
        changed(clusters) {
          for (const c of clusters) wanted.add(c);
          void read();
        },
        listening() {
          all = true;
          void read();
        },
      });
      timer = setInterval(() => {
        all = true;
        void read();
      }, FULL_READ_MS);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await listener?.close();
      await reading;
    },
  };
}
