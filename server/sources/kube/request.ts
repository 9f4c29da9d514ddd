import http from 'node:http';
import type https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { SourceError } from '../../../shared/errors';
import { httpGet } from '../http/get';
import { field, text } from './object-fields';

export type KubeGetResult =
  | { ok: true; body: unknown }
  /** `status` is the HTTP status when the server answered (410 tells a caller to relist). */
  | { ok: false; status: number | null; error: SourceError };

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** "message" of a Kubernetes Status body, if the body is one. */
function statusMessage(body: Buffer): string {
  return text(field(parseJson(body), 'message'));
}

/**
 * One GET to the API server with the credentials and TLS settings of the
 * cluster's kubeconfig (client-node applies them: token, client certificate,
 * exec plugin, auth-provider), through the sources' one HTTP client: its
 * deadline, body limit and error kinds, the Status message in the error.
 */
export async function kubeGet(kc: KubeConfig, pathAndQuery: string, limits: { timeoutMs: number; maxBytes: number }): Promise<KubeGetResult> {
  const server = kc.getCurrentCluster()?.server ?? '';
  const url = new URL(server.replace(/\/$/, '') + pathAndQuery);
  const what = `GET ${url.pathname}${url.search}`;
  // client-node adds its headers (Authorization, Impersonate-User) to this object.
  const headers: http.OutgoingHttpHeaders = {};
  const options: https.RequestOptions = { headers };
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (error) {
    // Exec plugins and auth-providers fail here; their messages name the command, not the secret.
    return {
      ok: false,
      status: null,
      error: { kind: 'unauthorized', message: `${what}: cannot get credentials: ${error instanceof Error ? error.message : String(error)}` },
    };
  }
  const answer = await httpGet({
    url: url.toString(),
    what,
    headers: { ...headers, accept: 'application/json' },
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.maxBytes,
    agent: options.agent instanceof http.Agent ? options.agent : undefined,
    auth: options.auth ?? undefined,
    detail: statusMessage,
  });
  if (!answer.ok) return answer;
  const body = parseJson(answer.body);
  if (body === undefined)
    return { ok: false, status: answer.status, error: { kind: 'bad_response', message: `${what}: HTTP ${answer.status} with a body that is not JSON` } };
  return { ok: true, body };
}
