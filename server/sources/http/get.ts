import http from 'node:http';
import https from 'node:https';
import type { SourceError } from '../../../shared/errors';
import { decodeBody } from '../decode-body';
import { bodyEncoding, compressedInput, joinChunks } from './body';
import { networkError, plainHttpRefused, type TlsSettingNames } from './network-error';
import { safeUrl } from './safe-url';
import { kindOfStatus, statusError } from './status';

export interface HttpGetOptions {
  url: string;
  /** How messages name the request; default `GET <url>` with credentials redacted. */
  what?: string;
  headers?: http.OutgoingHttpHeaders;
  /** Whole request, connect to last byte. */
  timeoutMs: number;
  /** Body size (as received, and decoded) past which reading stops with `too_large`. */
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
  /** What the message of a failure status adds after `HTTP <status>`; default the body's first 200 bytes. */
  detail?: (body: Buffer) => string;
  /** The settings a TLS failure's message tells the user to set; default Prometheus' (tls.caFile, …). */
  tlsSettings?: TlsSettingNames;
}

export type HttpGetResult =
  | { ok: true; status: number; headers: http.IncomingHttpHeaders; body: Buffer }
  /** `status`: the answer's HTTP status when the server sent one (410 tells a Kubernetes lister to start over), else null. */
  | { ok: false; status: number | null; error: SourceError };

/**
 * What a GET accepts, deflate first: Prometheus answers the first of the two
 * the client lists, and deflate's Adler-32 check costs a fraction of gzip's
 * CRC-32 (inflating a 3 MB /federate body: about a quarter less CPU, see
 * docs/federation.md). A server that only has gzip (a Kubernetes API server)
 * still answers gzip.
 */
const ACCEPT_ENCODING = 'deflate, gzip';

function bodyStart(body: Buffer): string {
  return body.toString('utf8', 0, Math.min(body.length, 200)).trim();
}

/**
 * The one HTTP client of the sources: one GET with a deadline and a body
 * limit. Every failure comes back as a SourceError of a fixed kind, never as
 * a throw: network errors by networkError, statuses by kindOfStatus. Decodes
 * deflate and gzip in one pass once the body is in (see decodeBody).
 */
export function httpGet(options: HttpGetOptions): Promise<HttpGetResult> {
  const what = options.what ?? `GET ${safeUrl(options.url)}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HttpGetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const fail = (error: SourceError, status: number | null = null) => finish({ ok: false, status, error });
    const url = new URL(options.url);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'GET',
      headers: { 'accept-encoding': ACCEPT_ENCODING, ...options.headers },
      ...(options.agent ? { agent: options.agent } : { ...options.tls, agent: false }),
      ...(options.auth === undefined ? {} : { auth: options.auth }),
    });
    const timer = setTimeout(() => fail({ kind: 'timeout', message: `${what}: no complete answer within ${options.timeoutMs} ms` }), options.timeoutMs);
    request.on('error', (error) => fail(networkError(what, error, { url: options.url, settings: options.tlsSettings })));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const encoding = bodyEncoding(response.headers['content-encoding']);
      // A compressed body is kept as it comes and decoded in one pass at the end (see decodeBody).
      // Either way, reading stops once the bytes received pass the limit: memory stays bounded.
      const chunks: Buffer[] = [];
      let size = 0;
      const tooLarge = () => fail({ kind: 'too_large', message: `${what}: body larger than ${options.maxBytes} bytes; stopped reading` }, status);
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
            if (error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE') tooLarge();
            else
              fail({ kind: 'bad_response', message: `${what}: cannot decode ${encoding}: ${error instanceof Error ? error.message : String(error)}` }, status);
            return;
          }
        }
        if (kindOfStatus(status) === null) finish({ ok: true, status, headers: response.headers, body });
        else fail(plainHttpRefused(what, options.url, status, body) ?? statusError(what, status, (options.detail ?? bodyStart)(body)), status);
      });
      response.on('aborted', () => fail({ kind: 'unreachable', message: `${what}: connection closed mid-body` }, status));
    });
    request.end();
  });
}
