import http from 'node:http';
import https from 'node:https';

/** TLS of one request: the files' contents, read at send time. Holds a key, so never logged. */
export interface PostTls {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly serverName?: string;
  readonly rejectUnauthorized: boolean;
}

export interface PostAnswer {
  readonly status: number;
  readonly retryAfter: string | null;
  /** The body of an answer other than 2xx (at most 4 KiB, for the log); empty otherwise. */
  readonly body: string;
}

const ERROR_BODY_LIMIT = 4096;

/**
 * One POST over node:http or node:https (a receiver's own CA, a client
 * certificate, the server name to verify), with keep-alive. Rejects on a
 * network error, and with the signal's reason when it is aborted.
 */
export function post(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  options: { tls: PostTls | null; signal: AbortSignal; agent: http.Agent },
): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const tls = options.tls;
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(body.byteLength) },
      agent: options.agent,
      signal: options.signal,
      ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.serverName, rejectUnauthorized: tls.rejectUnauthorized } : {}),
    });
    request.on('error', (error) => reject(options.signal.aborted && options.signal.reason instanceof Error ? options.signal.reason : error));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const retryAfter = typeof response.headers['retry-after'] === 'string' ? response.headers['retry-after'] : null;
      if (status >= 200 && status < 300) {
        response.resume();
        response.on('end', () => resolve({ status, retryAfter, body: '' }));
        response.on('error', reject);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < ERROR_BODY_LIMIT) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => resolve({ status, retryAfter, body: Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString('utf8') }));
      response.on('error', reject);
    });
    request.end(body);
  });
}
