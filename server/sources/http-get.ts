import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { SourceError } from '../../shared/errors';

export interface HttpGetOptions {
  url: string;
  headers?: Record<string, string>;
  /** Whole request, connect to last byte. */
  timeoutMs: number;
  /** Decoded body size past which reading stops with `too_large`. */
  maxBytes: number;
  /** TLS settings for https URLs. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean };
  /** An agent carrying TLS settings (client-node builds one from a kubeconfig); replaces `tls`. */
  agent?: http.Agent;
  /** `user:password` for basic auth. A secret: never logged. */
  auth?: string;
  /** The decoded size expected (the last answer's): a compressed body is then decoded into one buffer of about that size. */
  sizeHint?: number;
}

export type HttpGetResult =
  | { ok: true; status: number; headers: http.IncomingHttpHeaders; body: Buffer }
  | { ok: false; error: SourceError };

/**
 * The decoder's output chunk size. zlib's default of 16 KiB costs about 3×
 * the CPU on a 3 MB /federate body (one trip through libuv's thread pool per
 * chunk; see docs/performance.md). When the size is known from the last
 * answer, one chunk holds the whole body, which is then used without a copy.
 */
function decoderChunkSize(sizeHint: number | undefined, maxBytes: number): number {
  const MIN = 64 * 1024;
  if (!sizeHint) return Math.max(MIN, Math.min(1024 * 1024, maxBytes + 1));
  return Math.max(MIN, Math.min(Math.ceil((sizeHint * 1.05 + MIN) / MIN) * MIN, maxBytes + 1));
}

/** The chunks as one buffer: a view when they are consecutive parts of one buffer (zlib's output chunk), else a copy. */
function joinChunks(chunks: readonly Buffer[], size: number): Buffer {
  const first = chunks[0];
  if (!first) return Buffer.alloc(0);
  let at = first.byteOffset;
  for (const chunk of chunks) {
    if (chunk.buffer !== first.buffer || chunk.byteOffset !== at) return Buffer.concat(chunks, size);
    at += chunk.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, size);
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE']);

function statusError(status: number, what: string): SourceError | null {
  if (status >= 200 && status < 300) return null;
  if (status === 401) return { kind: 'unauthorized', message: `${what}: HTTP 401 Unauthorized` };
  if (status === 403) return { kind: 'forbidden', message: `${what}: HTTP 403 Forbidden` };
  if (status === 404) return { kind: 'not_found', message: `${what}: HTTP 404 Not Found` };
  return { kind: 'bad_response', message: `${what}: HTTP ${status}` };
}

/** Redacts credentials in a URL before it goes into a message. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * One GET with a deadline and a body limit; every failure comes back as a
 * SourceError of a fixed kind, never as a throw. Handles gzip and deflate
 * (Prometheus answers deflate when a client offers both).
 */
export function httpGet(options: HttpGetOptions): Promise<HttpGetResult> {
  const what = `GET ${safeUrl(options.url)}`;
  return new Promise((resolve) => {
    let settled = false;
    let decoder: zlib.Gunzip | zlib.Inflate | null = null;
    const finish = (result: HttpGetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      decoder?.destroy();
      resolve(result);
    };
    const fail = (error: SourceError) => finish({ ok: false, error });
    const url = new URL(options.url);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'GET',
      headers: { 'accept-encoding': 'gzip, deflate', ...options.headers },
      ...(options.agent ? { agent: options.agent } : { ...options.tls, agent: false }),
      ...(options.auth === undefined ? {} : { auth: options.auth }),
    });
    const timer = setTimeout(() => fail({ kind: 'timeout', message: `${what}: no complete answer within ${options.timeoutMs} ms` }), options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (UNREACHABLE_CODES.has(code)) fail({ kind: 'unreachable', message: `${what}: ${code} ${error.message}` });
      else if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')
        fail({ kind: 'unreachable', message: `${what}: TLS: ${error.message}` });
      else fail({ kind: 'unreachable', message: `${what}: ${error.message}` });
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
      const decoderOptions = { chunkSize: decoderChunkSize(options.sizeHint, options.maxBytes) };
      if (encoding === 'gzip' || encoding === 'x-gzip') decoder = zlib.createGunzip(decoderOptions);
      else if (encoding === 'deflate') decoder = zlib.createInflate(decoderOptions);
      const stream: NodeJS.ReadableStream = decoder ? response.pipe(decoder) : response;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          fail({ kind: 'too_large', message: `${what}: body larger than ${options.maxBytes} bytes; stopped reading` });
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (error: Error) => fail({ kind: 'bad_response', message: `${what}: cannot decode ${encoding || 'body'}: ${error.message}` }));
      stream.on('end', () => {
        const body = joinChunks(chunks, size);
        const error = statusError(status, what);
        if (error) fail({ ...error, message: `${error.message}${body.length ? `: ${body.toString('utf8', 0, Math.min(body.length, 200)).trim()}` : ''}` });
        else finish({ ok: true, status, headers: response.headers, body });
      });
      response.on('aborted', () => fail({ kind: 'unreachable', message: `${what}: connection closed mid-body` }));
    });
    request.end();
  });
}
