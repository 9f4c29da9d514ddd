import http from 'node:http';
import https from 'node:https';
import type { RemoteWriteConfig } from '../config/schema/remote-write';
import type { Sample } from '../fleet/series';
import type { Logger } from '../log';
import { watchedFile } from '../sources/federate/credentials';
import { SampleQueue, type QueueGap, type QueuedSample } from './queue';
import { createSeriesFilter } from './relabel';
import { post, type PostTls } from './post';
import { outcomeOf, backoffMs, type Outcome } from './retry';
import { encodeWriteRequest, REMOTE_WRITE_HEADERS } from './wire';

/** A destination's figures since start, as /metrics shows them. Counters only grow. */
export interface RemoteWriteStats {
  readonly name: string;
  /** Samples the receiver accepted. */
  readonly samplesSent: number;
  /** Samples of failed attempts (5xx, 429, network, timeout: retried; other answers: dropped), once per attempt. */
  readonly samplesFailed: number;
  /** Samples lost, by reason: `queue_full` (the oldest, to make room) or `rejected` (an answer other than 2xx, 5xx, 429). */
  readonly samplesDropped: Readonly<Record<DropReason, number>>;
  /** Samples queued or in a request not yet answered. */
  readonly samplesPending: number;
  /** Compressed request bytes the receiver accepted. */
  readonly bytesSent: number;
  /** Newest timestamp queued minus newest sent, in seconds (0 while nothing is behind). */
  readonly lagSeconds: number;
  readonly capacity: number;
}

export const DROP_REASONS = ['queue_full', 'rejected'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** One remote-write receiver with its queue and its sender. */
export interface RemoteWriteDestination {
  readonly name: string;
  /** Queues one scrape's samples (those its write relabelling keeps); `fallbackMs` stamps samples that came without a timestamp. */
  enqueue(samples: readonly Sample[], fallbackMs: number): void;
  stats(): RemoteWriteStats;
  /** Sends what is queued for up to flushDeadline, then stops; what is still queued is logged as lost. */
  close(): Promise<void>;
}

export interface DestinationOptions {
  readonly config: RemoteWriteConfig;
  readonly userAgent: string;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * A destination's sender: one request at a time, a full batch as soon as
 * there is one, a partial one after batchSendDeadline; a failed request is
 * retried with exponential back-off (or Retry-After) while new samples queue
 * behind it, bounded by the queue's capacity.
 */
export function createDestination(options: DestinationOptions): RemoteWriteDestination {
  const { config, logger, now } = options;
  const log = logger.child({ component: 'remote-write', remote: config.name });
  const { capacity, maxSamplesPerSend, batchSendDeadline, minBackoff, maxBackoff } = config.queue;
  const queue = new SampleQueue(capacity);
  const keep = createSeriesFilter(config.writeRelabelConfigs);
  const authorization = authorizationOf(config);
  const tlsFiles = tlsOf(config);
  const url = new URL(config.url);
  const agent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  if (config.tls?.insecureSkipVerify) log.warn("tls.insecureSkipVerify is on: the receiver's certificate is not verified");
  const counts = { sent: 0, failed: 0, bytes: 0, dropped: { queue_full: 0, rejected: 0 } };
  let inFlight = 0;
  let newestQueuedMs: number | null = null;
  let newestSentMs: number | null = null;
  let oldestWaitingSince: number | null = null;
  let closed = false;
  /** Set at close: partial batches go at once, until the queue is empty or the flush deadline passes. */
  let flushing = false;
  let wake: (() => void) | null = null;
  const abort = new AbortController();

  const dropped = (reason: DropReason, gap: QueueGap, detail?: string) => {
    counts.dropped[reason] += gap.samples;
    log.warn(
      { reason, samples: gap.samples, from: new Date(gap.fromMs).toISOString(), to: new Date(gap.toMs).toISOString(), ...(detail ? { detail } : {}) },
      `remote write gap: ${gap.samples} samples lost (${reason})`,
    );
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function attempt(body: Uint8Array, failures: number): Promise<Outcome> {
    const headers: Record<string, string> = { ...config.headers, ...REMOTE_WRITE_HEADERS, 'user-agent': options.userAgent };
    const auth = await authorization();
    if (!auth.ok) return { kind: 'retry', afterMs: backoffMs(failures, minBackoff, maxBackoff), reason: auth.reason };
    if (auth.header) headers.authorization = auth.header;
    const tls = await tlsFiles();
    if (!tls.ok) return { kind: 'retry', afterMs: backoffMs(failures, minBackoff, maxBackoff), reason: tls.reason };
    try {
      const answer = await post(url, headers, body, { tls: tls.value, agent, signal: AbortSignal.any([abort.signal, AbortSignal.timeout(config.timeout)]) });
      return outcomeOf(answer, { failures, minMs: minBackoff, maxMs: maxBackoff, now: now() });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `timeout after ${config.timeout} ms` : `unreachable: ${causeOf(error)}`;
      return { kind: 'retry', afterMs: backoffMs(failures, minBackoff, maxBackoff), reason };
    }
  }

  /** Sends one batch until it is sent or rejected (true), or until the destination closes (false: the batch is still pending). */
  async function send(batch: QueuedSample[]): Promise<boolean> {
    const body = encodeWriteRequest(batch);
    for (let failures = 0; !closed;) {
      const outcome = await attempt(body, failures + 1);
      if (closed) return false;
      if (outcome.kind === 'sent') {
        counts.sent += batch.length;
        counts.bytes += body.length;
        for (const s of batch) if (newestSentMs === null || s.timestampMs > newestSentMs) newestSentMs = s.timestampMs;
        if (failures > 0) log.info({ samples: batch.length, attempts: failures + 1 }, 'remote write recovered');
        return true;
      }
      counts.failed += batch.length;
      if (outcome.kind === 'rejected') {
        dropped('rejected', gapOf(batch), outcome.reason);
        return true;
      }
      failures++;
      // Logged on the first failure and then sparingly: a receiver down for a minute must not write thousands of lines.
      if (failures === 1 || failures % 10 === 0)
        log.warn({ samples: batch.length, failures, retryInMs: outcome.afterMs }, `remote write failed, retrying: ${outcome.reason}`);
      await sleep(outcome.afterMs);
    }
    return false;
  }

  async function run(): Promise<void> {
    while (!closed) {
      const waited = oldestWaitingSince === null ? 0 : now() - oldestWaitingSince;
      if (queue.length === 0 && flushing) return;
      if (queue.length === 0 || (queue.length < maxSamplesPerSend && waited < batchSendDeadline && !flushing)) {
        await sleep(queue.length === 0 ? batchSendDeadline : batchSendDeadline - waited);
        continue;
      }
      const batch = queue.take(maxSamplesPerSend);
      inFlight = batch.length;
      oldestWaitingSince = queue.length > 0 ? now() : null;
      if (!(await send(batch))) return;
      inFlight = 0;
    }
  }
  const running = run();

  return {
    name: config.name,
    enqueue(samples, fallbackMs) {
      if (closed) return;
      const kept = samples.filter(keep);
      if (kept.length === 0) return;
      for (const s of kept) {
        const t = s.timestampMs ?? fallbackMs;
        if (newestQueuedMs === null || t > newestQueuedMs) newestQueuedMs = t;
      }
      if (oldestWaitingSince === null) oldestWaitingSince = now();
      const gap = queue.push(kept, fallbackMs);
      if (gap) dropped('queue_full', gap);
      // A full batch goes at once; the sender is asleep only between batches, never while a request is out.
      if (queue.length >= maxSamplesPerSend && inFlight === 0) wake?.();
    },
    stats: () => ({
      name: config.name,
      samplesSent: counts.sent,
      samplesFailed: counts.failed,
      samplesDropped: { ...counts.dropped },
      samplesPending: queue.length + inFlight,
      bytesSent: counts.bytes,
      lagSeconds: newestQueuedMs === null ? 0 : Math.max(0, newestQueuedMs - (newestSentMs ?? newestQueuedMs)) / 1000,
      capacity,
    }),
    async close() {
      if (closed || flushing) return;
      flushing = true;
      wake?.();
      const deadline = new Promise<'deadline'>((resolve) => setTimeout(resolve, config.flushDeadline, 'deadline').unref());
      if ((await Promise.race([running.then(() => 'flushed' as const), deadline])) === 'flushed') {
        closed = true;
        if (counts.sent > 0) log.info('remote write flushed at shutdown');
      } else {
        closed = true;
        abort.abort();
        wake?.();
        await running;
      }
      agent.destroy();
      const left = queue.length + inFlight;
      if (left > 0) log.warn({ samples: left }, `remote write stopped with ${left} samples not sent`);
    },
  };
}

function gapOf(batch: readonly QueuedSample[]): QueueGap {
  let fromMs = Infinity;
  let toMs = -Infinity;
  for (const s of batch) {
    if (s.timestampMs < fromMs) fromMs = s.timestampMs;
    if (s.timestampMs > toMs) toMs = s.timestampMs;
  }
  return { samples: batch.length, fromMs, toMs };
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error && 'code' in cause) return String(cause.code);
  return cause instanceof Error ? cause.message : String(cause);
}

type AuthorizationResult = { ok: true; header: string | null } | { ok: false; reason: string };

/** The Authorization header, read from the token or password file at send time (a rotated secret is picked up); never logged. */
function authorizationOf(config: RemoteWriteConfig): () => Promise<AuthorizationResult> {
  const { tokenFile, basicAuth } = config;
  if (tokenFile !== undefined) {
    const read = watchedFile(tokenFile);
    return async () => {
      try {
        return { ok: true, header: `Bearer ${(await read()).toString('utf8').trim()}` };
      } catch (error) {
        return { ok: false, reason: `cannot read tokenFile ${tokenFile}: ${causeOf(error)}` };
      }
    };
  }
  if (basicAuth !== undefined) {
    const read = watchedFile(basicAuth.passwordFile);
    return async () => {
      try {
        const password = (await read()).toString('utf8').trim();
        return { ok: true, header: `Basic ${Buffer.from(`${basicAuth.username}:${password}`).toString('base64')}` };
      } catch (error) {
        return { ok: false, reason: `cannot read basicAuth.passwordFile ${basicAuth.passwordFile}: ${causeOf(error)}` };
      }
    };
  }
  return async () => ({ ok: true, header: null });
}

type TlsResult = { ok: true; value: PostTls | null } | { ok: false; reason: string };

/** The receiver's TLS files, read at send time (re-read when they change); a file that cannot be read fails the attempt, which is retried. */
function tlsOf(config: RemoteWriteConfig): () => Promise<TlsResult> {
  const tls = config.tls;
  if (tls === undefined) return async () => ({ ok: true, value: null });
  const files = (['caFile', 'certFile', 'keyFile'] as const).flatMap((key) => {
    const path = tls[key];
    return path === undefined ? [] : [{ key, path, read: watchedFile(path) }];
  });
  return async () => {
    const value: { ca?: Buffer; cert?: Buffer; key?: Buffer; serverName?: string; rejectUnauthorized: boolean } = {
      rejectUnauthorized: !tls.insecureSkipVerify,
      ...(tls.serverName ? { serverName: tls.serverName } : {}),
    };
    for (const file of files) {
      try {
        value[file.key === 'caFile' ? 'ca' : file.key === 'certFile' ? 'cert' : 'key'] = await file.read();
      } catch (error) {
        return { ok: false, reason: `cannot read tls.${file.key} ${file.path}: ${causeOf(error)}` };
      }
    }
    return { ok: true, value };
  };
}
