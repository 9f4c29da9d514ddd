import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ErrorKind, SourceError } from '../../../shared/errors';
import { field, text } from './object-fields';

export type KubeGetResult =
  | { ok: true; body: unknown }
  /** `status` is the HTTP status when the server answered (410 tells a caller to relist). */
  | { ok: false; status: number | null; error: SourceError };

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE']);

/** Error kind of an HTTP status from the API server. */
export function kindOfStatus(status: number): ErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'too_large';
  return 'bad_response';
}

/** Error kind of a network error (node errno code or TLS failure). */
export function kindOfNetworkError(error: unknown): ErrorKind {
  const code = text(field(error, 'code'));
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  return 'unreachable';
}

/** "message" of a Kubernetes Status body, if the body is one. */
export function statusMessage(body: unknown): string {
  return text(field(body, 'message'));
}

/**
 * One GET to the API server with the credentials and TLS settings of the
 * cluster's kubeconfig (client-node applies them: token, client certificate,
 * exec plugin, auth-provider). A deadline and a body limit bound it; every
 * failure comes back as data with a kind, never as a throw.
 */
export async function kubeGet(kc: KubeConfig, pathAndQuery: string, limits: { timeoutMs: number; maxBytes: number }): Promise<KubeGetResult> {
  const server = kc.getCurrentCluster()?.server ?? '';
  const url = new URL(server.replace(/\/$/, '') + pathAndQuery);
  const what = `GET ${url.pathname}${url.search}`;
  const options: https.RequestOptions = { headers: {} };
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (error) {
    // Exec plugins and auth-providers fail here; their messages name the command, not the secret.
    return { ok: false, status: null, error: { kind: 'unauthorized', message: `${what}: cannot get credentials: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: KubeGetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = client.request(url, {
      method: 'GET',
      agent: options.agent,
      auth: options.auth,
      headers: { ...options.headers, accept: 'application/json' },
    });
    const timer = setTimeout(
      () => finish({ ok: false, status: null, error: { kind: 'timeout', message: `${what}: no complete answer within ${limits.timeoutMs} ms` } }),
      limits.timeoutMs,
    );
    request.on('error', (error) => finish({ ok: false, status: null, error: { kind: kindOfNetworkError(error), message: `${what}: ${error.message}` } }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) finish({ ok: false, status, error: { kind: 'too_large', message: `${what}: body larger than ${limits.maxBytes} bytes; stopped reading` } });
        else chunks.push(chunk);
      });
      response.on('aborted', () => finish({ ok: false, status: null, error: { kind: 'unreachable', message: `${what}: connection closed mid-body` } }));
      response.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
        if (status >= 200 && status < 300) {
          if (body === undefined) finish({ ok: false, status, error: { kind: 'bad_response', message: `${what}: HTTP ${status} with a body that is not JSON` } });
          else finish({ ok: true, body });
          return;
        }
        const detail = statusMessage(body);
        finish({ ok: false, status, error: { kind: kindOfStatus(status), message: `${what}: HTTP ${status}${detail ? `: ${detail}` : ''}` } });
      });
    });
    request.end();
  });
}
