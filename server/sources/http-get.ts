import http from 'node:http';
import https from 'node:https';
import type { SourceError } from '../../shared/errors';
import { decodeBody, type BodyEncoding } from './decode-body';

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
  /**
   * A buffer to decode the body into: when the body fits, the result is a
   * view of it (no new memory per answer, see decodeBody); otherwise a new
   * buffer. The caller owns it and must not reuse it while the body is read.
   */
  into?: Buffer;
}

export type HttpGetResult =
  | { ok: true; status: number; headers: http.IncomingHttpHeaders; body: Buffer }
  | { ok: false; error: SourceError };

/** Concatenates chunks, into `into` when they fit (a view of it is returned), else into a new buffer. */
function joinChunks(chunks: readonly Buffer[], size: number, into?: Buffer): Buffer {
  if (chunks.length === 1 && !into) return chunks[0]!;
  if (!into || size > into.length) return Buffer.concat(chunks, size);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(into, at);
  return into.subarray(0, size);
}

/**
 * Where a compressed body's chunks are joined just before it is decoded. The
 * join and the decode run in one synchronous step, so one buffer serves every
 * request in turn: no new buffer per scrape (see decodeBody). Bodies larger
 * than SCRATCH_MAX are joined into a buffer of their own.
 */
const SCRATCH_MAX = 16 * 1024 * 1024;
let scratch = Buffer.alloc(0);

function compressedInput(chunks: readonly Buffer[], size: number): Buffer {
  if (chunks.length === 1 || size > SCRATCH_MAX) return joinChunks(chunks, size);
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(size * 2, 256 * 1024)));
  return joinChunks(chunks, size, scratch);
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
 * What a GET accepts, deflate first: Prometheus answers the first of the two
 * the client lists, and deflate's Adler-32 check costs a fraction of gzip's
 * CRC-32 (inflating a 3 MB /federate body: about a quarter less CPU, see
 * docs/federation.md). A server that only has gzip still answers gzip.
 */
const ACCEPT_ENCODING = 'deflate, gzip';

/**
 * One GET with a deadline and a body limit; every failure comes back as a
 * SourceError of a fixed kind, never as a throw. Handles deflate and gzip.
 */
export function httpGet(options: HttpGetOptions): Promise<HttpGetResult> {
  const what = `GET ${safeUrl(options.url)}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HttpGetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const fail = (error: SourceError) => finish({ ok: false, error });
    const url = new URL(options.url);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'GET',
      headers: { 'accept-encoding': ACCEPT_ENCODING, ...options.headers },
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
      const contentEncoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
      const encoding: BodyEncoding | null = contentEncoding === 'gzip' || contentEncoding === 'x-gzip' ? 'gzip' : contentEncoding === 'deflate' ? 'deflate' : null;
      // A compressed body is kept as it comes and decoded in one pass at the end (see decodeBody).
      // Either way, reading stops once the bytes received pass the limit: memory stays bounded.
      const chunks: Buffer[] = [];
      let size = 0;
      const tooLarge = () => fail({ kind: 'too_large', message: `${what}: body larger than ${options.maxBytes} bytes; stopped reading` });
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) tooLarge();
        else chunks.push(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        let body: Buffer;
        if (encoding === null) body = joinChunks(chunks, size, options.into);
        else {
          try {
            body = decodeBody(encoding, compressedInput(chunks, size), options.maxBytes, options.into);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') tooLarge();
            else fail({ kind: 'bad_response', message: `${what}: cannot decode ${encoding}: ${(error as Error).message}` });
            return;
          }
        }
        const error = statusError(status, what);
        if (error) fail({ ...error, message: `${error.message}${body.length ? `: ${body.toString('utf8', 0, Math.min(body.length, 200)).trim()}` : ''}` });
        else finish({ ok: true, status, headers: response.headers, body });
      });
      response.on('aborted', () => fail({ kind: 'unreachable', message: `${what}: connection closed mid-body` }));
    });
    request.end();
  });
}
