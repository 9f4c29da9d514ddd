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
}

export type HttpGetResult =
  | { ok: true; status: number; headers: http.IncomingHttpHeaders; body: Buffer }
  | { ok: false; error: SourceError };

/**
 * Large output chunks: with zlib's default 16 KiB, decompressing a 3 MB
 * /federate body costs about 3× the CPU (one trip through libuv's thread
 * pool per chunk); see docs/performance.md.
 */
const DECODER_OPTIONS: zlib.ZlibOptions = { chunkSize: 1024 * 1024 };

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
      if (encoding === 'gzip' || encoding === 'x-gzip') decoder = zlib.createGunzip(DECODER_OPTIONS);
      else if (encoding === 'deflate') decoder = zlib.createInflate(DECODER_OPTIONS);
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
        const body = Buffer.concat(chunks);
        const error = statusError(status, what);
        if (error) fail({ ...error, message: `${error.message}${body.length ? `: ${body.toString('utf8', 0, Math.min(body.length, 200)).trim()}` : ''}` });
        else finish({ ok: true, status, headers: response.headers, body });
      });
      response.on('aborted', () => fail({ kind: 'unreachable', message: `${what}: connection closed mid-body` }));
    });
    request.end();
  });
}
