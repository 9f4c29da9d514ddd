import http from 'node:http';
import https from 'node:https';
import type { SourceError } from '../../../shared/errors';
import { networkError, plainHttpRefused, type TlsSettingNames } from './network-error';
import { kindOfStatus, statusError } from './status';

export interface HttpLinesOptions {
  url: string;
  /** How messages name the request, e.g. `WATCH /api/v1/events`. */
  what: string;
  headers?: http.OutgoingHttpHeaders;
  /** An agent carrying TLS settings (client-node builds one from a kubeconfig). */
  agent?: http.Agent;
  /** `user:password` for basic auth. A secret: never logged. */
  auth?: string;
  /** The settings a TLS failure's message tells the user to set. */
  tlsSettings?: TlsSettingNames;
  /** Deadline for the status line and headers; once they are in, the caller decides how long a silence may last. */
  headersTimeoutMs: number;
  /** A line longer than this ends the stream with `too_large`: memory stays bounded whatever the server sends. */
  maxLineBytes: number;
  /** What the message of a failure status adds after `HTTP <status>`; default the body's first 200 bytes. */
  detail?: (body: Buffer) => string;
  /** The server answered 2xx; lines follow. */
  onOpen(): void;
  /** One line of the body, without its line break; `number` counts every line from 1. Empty lines are not passed on. */
  onLine(line: string, number: number): void;
  /** Called once, when the stream is over, unless `close()` came first. */
  onEnd(end: LinesEnd): void;
}

/**
 * How a stream of lines ended. `ok`: the server ended it (or the connection
 * broke) after it had opened; the caller resumes. Otherwise it failed with a
 * kind: refused with a status (`status` set), unreachable, timed out before
 * answering, or a line past the limit.
 */
export type LinesEnd = { ok: true } | { ok: false; status: number | null; error: SourceError };

export interface LineStream {
  /** Ends the request; no callback runs after it. */
  close(): void;
}

/** Bytes of a failure answer kept for its message. */
const FAILURE_BODY_BYTES = 64 * 1024;

/**
 * A GET whose body is read as lines while it arrives (a Kubernetes watch:
 * one JSON object a line, for minutes). The same error kinds as httpGet:
 * network errors by networkError, statuses by kindOfStatus; a line is never
 * dropped unseen: every one reaches `onLine`, so the caller can say what was
 * wrong with it. The body is taken as sent: no compression is asked for.
 */
export function httpGetLines(options: HttpLinesOptions): LineStream {
  const { what } = options;
  let over = false;
  const end = (result: LinesEnd) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    request.destroy();
    options.onEnd(result);
  };
  const fail = (error: SourceError, status: number | null = null) => end({ ok: false, status, error });
  const url = new URL(options.url);
  const client = url.protocol === 'https:' ? https : http;
  const request = client.request(url, {
    method: 'GET',
    headers: { ...options.headers },
    agent: options.agent ?? false,
    ...(options.auth === undefined ? {} : { auth: options.auth }),
  });
  const timer = setTimeout(() => fail({ kind: 'timeout', message: `${what}: no answer within ${options.headersTimeoutMs} ms` }), options.headersTimeoutMs);
  let opened = false;
  request.on('error', (error) => {
    // Once lines flowed, a broken connection is the end of the stream, not a failure of the server.
    if (opened) end({ ok: true });
    else fail(networkError(what, error, { url: options.url, settings: options.tlsSettings }));
  });
  request.on('response', (response) => {
    clearTimeout(timer);
    const status = response.statusCode ?? 0;
    if (kindOfStatus(status) !== null) {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < FAILURE_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      const refuse = () => {
        const body = Buffer.concat(chunks).subarray(0, FAILURE_BODY_BYTES);
        const detail = (options.detail ?? ((b: Buffer) => b.toString('utf8', 0, Math.min(b.length, 200)).trim()))(body);
        fail(plainHttpRefused(what, options.url, status, body) ?? statusError(what, status, detail), status);
      };
      response.on('end', refuse);
      response.on('aborted', refuse);
      return;
    }
    const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return fail({ kind: 'bad_response', message: `${what}: a ${encoding}-encoded stream, which was not asked for` }, status);
    opened = true;
    options.onOpen();
    let pending: Buffer[] = [];
    let pendingSize = 0;
    let number = 0;
    const emit = (parts: Buffer[]) => {
      number++;
      const line = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8').replace(/\r$/, '');
      if (line.trim() !== '') options.onLine(line, number);
    };
    const tooLong = (size: number) => {
      if (size <= options.maxLineBytes) return false;
      fail({ kind: 'too_large', message: `${what}: line ${number + 1} longer than ${options.maxLineBytes} bytes` }, status);
      return true;
    };
    response.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let newline = chunk.indexOf(0x0a); newline !== -1 && !over; newline = chunk.indexOf(0x0a, start)) {
        if (tooLong(pendingSize + newline - start)) return;
        pending.push(chunk.subarray(start, newline));
        emit(pending);
        pending = [];
        pendingSize = 0;
        start = newline + 1;
      }
      if (over || start === chunk.length) return;
      pending.push(chunk.subarray(start));
      pendingSize += chunk.length - start;
      tooLong(pendingSize);
    });
    response.on('end', () => {
      // A last line without its line break still counts; a stream cut mid-line ('aborted') does not.
      if (pending.length && !over) emit(pending);
      end({ ok: true });
    });
    response.on('aborted', () => end({ ok: true }));
    response.on('error', () => end({ ok: true }));
  });
  request.end();
  return {
    close() {
      over = true;
      clearTimeout(timer);
      request.destroy();
    },
  };
}
