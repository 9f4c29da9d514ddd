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

/** Headers fleetscope sets itself, which `headers` may not replace (as Prometheus refuses them in its remote_write headers). */
export const RESERVED_HEADERS = [
  'authorization',
  'content-encoding',
  'content-length',
  'content-type',
  'host',
  'user-agent',
  'x-prometheus-remote-write-version',
];

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const headers = z.record(z.string(), z.string({ error: 'must be a string' }).regex(/^[^\r\n]*$/, 'must be one line')).superRefine((value, ctx) => {
  for (const name of Object.keys(value)) {
    if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'is not an HTTP header name' });
    else if (RESERVED_HEADERS.includes(name.toLowerCase()))
      ctx.addIssue({ code: 'custom', path: [name], message: `is set by fleetscope itself (${RESERVED_HEADERS.join(', ')} cannot be set here)` });
  }
});

/** TLS towards the receiver, as Prometheus' tls_config: files read at send time (a rotated certificate is picked up). */
const tlsConfig = z
  .strictObject({
    /** PEM of the CA that signed the receiver's certificate (default: the system's CAs). */
    caFile: file.optional(),
    /** Client certificate and key (PEM) for mutual TLS. */
    certFile: file.optional(),
    keyFile: file.optional(),
    /** The name the receiver's certificate must carry, when it is not the URL's host. */
    serverName: z.string().min(1, 'must not be empty').optional(),
    /** Skip certificate verification. Off by default; warned about in the logs. */
    insecureSkipVerify: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if ((value.certFile === undefined) !== (value.keyFile === undefined))
      ctx.addIssue({ code: 'custom', path: [value.certFile ? 'keyFile' : 'certFile'], message: 'certFile and keyFile go together' });
  });
export type RemoteWriteTlsConfig = z.output<typeof tlsConfig>;

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
    /** Extra headers on every request, e.g. X-Scope-OrgID for a Mimir tenant or THANOS-TENANT. Not secrets: they may be logged. */
    headers: headers.default({}),
    tls: tlsConfig.optional(),
    writeRelabelConfigs: z.array(writeRelabelConfig).default([]),
    queue: queueConfig.prefault({}),
    /** Longest one request may take. */
    timeout: duration.default(30_000),
    /** At shutdown, how long fleetscope keeps sending what is queued before it stops (Prometheus' flush_deadline). */
    flushDeadline: duration.default(10_000),
  })
  .superRefine((value, ctx) => {
    if (value.tokenFile !== undefined && value.basicAuth !== undefined)
      ctx.addIssue({ code: 'custom', path: ['basicAuth'], message: 'use only one of tokenFile, basicAuth' });
    if (value.tls !== undefined && !value.url.startsWith('https:')) ctx.addIssue({ code: 'custom', path: ['tls'], message: 'applies to an https:// url only' });
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
