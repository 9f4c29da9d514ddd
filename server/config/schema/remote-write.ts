import { z } from 'zod';
import { compileRegex } from '../../../shared/regex';
import { duration, httpUrl, labelName } from './common';

const file = z.string({ error: 'must be a file path' }).min(1, 'must be a file path');

/**
 * One rule of `writeRelabelConfigs`, as Prometheus' write_relabel_configs
 * with action keep or drop: the values of `sourceLabels` (`__name__` is the
 * metric name) joined by `separator` are matched, fully anchored, against
 * `regex` (RE2). `keep` drops the series that do not match; `drop` those that do.
 */
const writeRelabelConfig = z
  .strictObject({
    action: z.enum(['keep', 'drop'], { error: 'must be keep or drop' }).default('keep'),
    sourceLabels: z.array(labelName).min(1, 'must name at least one label'),
    separator: z.string().default(';'),
    regex: z.string().default('(.*)'),
  })
  .superRefine((value, ctx) => {
    const compiled = compileRegex(value.regex, { dotAll: false });
    if (!compiled.ok) ctx.addIssue({ code: 'custom', path: ['regex'], message: `not an RE2 regular expression: ${compiled.reason}` });
  });
export type WriteRelabelConfig = z.output<typeof writeRelabelConfig>;

/**
 * One destination's queue. Prometheus' queue_config runs many shards of 2,500
 * samples each; fleetscope runs one sender per destination, so its capacity
 * is the whole bound: memory for about `capacity` samples.
 */
const queueConfig = z.strictObject({
  /** Most samples waiting; past it the oldest are dropped (counted, and the gap logged). */
  capacity: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more').default(200_000),
  /** Most samples in one request. */
  maxSamplesPerSend: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more').default(2000),
  /** Longest a sample waits for a request to fill before a smaller one is sent. */
  batchSendDeadline: duration.default(5000),
  /** Wait before the first retry of a failed request; doubled on each further failure up to maxBackoff. */
  minBackoff: duration.default(30),
  maxBackoff: duration.default(5000),
});
export type RemoteWriteQueueConfig = z.output<typeof queueConfig>;

/** One Prometheus remote-write receiver (docs/scaling.md#remote-write). */
export const remoteWriteConfig = z
  .strictObject({
    /** Names the destination on /metrics (`remote` label) and in the logs. */
    name: z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, "_", "." or "-"'),
    /** The receiver's write endpoint, e.g. http://prometheus:9090/api/v1/write. */
    url: httpUrl,
    /** File holding a bearer token (a secret: read at send time, re-read when it changes; never logged). */
    tokenFile: file.optional(),
    /** Basic auth; the password only from a file (a secret: never logged). */
    basicAuth: z.strictObject({ username: z.string().min(1, 'must not be empty'), passwordFile: file }).optional(),
    /** Keep/drop rules, applied in order, to every federated series before it is queued. */
    writeRelabelConfigs: z.array(writeRelabelConfig).default([]),
    queue: queueConfig.prefault({}),
    /** Longest one request may take. */
    timeout: duration.default(30_000),
  })
  .superRefine((value, ctx) => {
    if (value.tokenFile !== undefined && value.basicAuth !== undefined)
      ctx.addIssue({ code: 'custom', path: ['basicAuth'], message: 'use only one of tokenFile, basicAuth' });
    if (value.queue.minBackoff > value.queue.maxBackoff)
      ctx.addIssue({ code: 'custom', path: ['queue', 'minBackoff'], message: 'must not be longer than maxBackoff' });
    if (value.queue.maxSamplesPerSend > value.queue.capacity)
      ctx.addIssue({ code: 'custom', path: ['queue', 'maxSamplesPerSend'], message: 'must not be more than capacity' });
  });
export type RemoteWriteConfig = z.output<typeof remoteWriteConfig>;

/** Every destination, names unique. */
export const remoteWriteList = z.array(remoteWriteConfig).superRefine((list, ctx) => {
  const seen = new Map<string, number>();
  list.forEach((entry, index) => {
    const first = seen.get(entry.name);
    if (first !== undefined)
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate name "${entry.name}" (also remoteWrite[${first}].name)` });
    else seen.set(entry.name, index);
  });
});
