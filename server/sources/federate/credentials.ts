import type http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { SourceError } from '../../../shared/errors';
import type { PrometheusSourceConfig } from '../../config/schema/prometheus';

/** What one request needs to authenticate; holds secrets, so never logged. */
export interface RequestAuth {
  headers: Record<string, string>;
  auth?: string;
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean };
  agent?: http.Agent;
}

export type AuthResult = { ok: true; value: RequestAuth } | { ok: false; error: SourceError };

/**
 * A file read again only when it changed (size or modification time), so a
 * rotated token or certificate is picked up by the next scrape.
 */
export function watchedFile(path: string): () => Promise<Buffer> {
  let cached: { mtimeMs: number; size: number; content: Buffer } | null = null;
  return async () => {
    const info = await stat(path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.content;
    const content = await readFile(path);
    cached = { mtimeMs: info.mtimeMs, size: info.size, content };
    return content;
  };
}

function problem(kind: SourceError['kind'], what: string, error: unknown): AuthResult {
  const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
  return { ok: false, error: { kind, message: `${what}: ${code}` } };
}

/** Builds the credentials of a URL-reached Prometheus from its config (bearer token, token file, basic auth, TLS). */
export function createUrlAuth(config: PrometheusSourceConfig): () => Promise<AuthResult> {
  const tokenFile = config.bearerTokenFile ? watchedFile(config.bearerTokenFile) : null;
  const passwordFile = config.basicAuth?.passwordFile ? watchedFile(config.basicAuth.passwordFile) : null;
  const ca = config.tls?.caFile ? watchedFile(config.tls.caFile) : null;
  const cert = config.tls?.certFile ? watchedFile(config.tls.certFile) : null;
  const key = config.tls?.keyFile ? watchedFile(config.tls.keyFile) : null;
  return async () => {
    const value: RequestAuth = { headers: {} };
    if (config.bearerToken) value.headers.authorization = `Bearer ${config.bearerToken}`;
    if (tokenFile) {
      try {
        value.headers.authorization = `Bearer ${(await tokenFile()).toString('utf8').trim()}`;
      } catch (error) {
        return problem('unauthorized', `cannot read bearerTokenFile ${config.bearerTokenFile}`, error);
      }
    }
    if (config.basicAuth) {
      let password = config.basicAuth.password ?? '';
      if (passwordFile) {
        try {
          password = (await passwordFile()).toString('utf8').trim();
        } catch (error) {
          return problem('unauthorized', `cannot read basicAuth.passwordFile ${config.basicAuth.passwordFile}`, error);
        }
      }
      value.auth = `${config.basicAuth.username}:${password}`;
    }
    if (config.tls) {
      try {
        value.tls = {
          ca: ca ? await ca() : undefined,
          cert: cert ? await cert() : undefined,
          key: key ? await key() : undefined,
          rejectUnauthorized: !config.tls.insecureSkipVerify,
        };
      } catch (error) {
        return problem('unreachable', 'cannot read a TLS file (tls.caFile, certFile or keyFile)', error);
      }
    }
    return { ok: true, value };
  };
}
