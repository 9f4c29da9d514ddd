import http from 'node:http';
import type https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { SourceError } from '../../../shared/errors';
import { httpGet } from '../http/get';
import { KUBE_TLS_SETTINGS } from '../http/network-error';
import { field, text } from './object-fields';

export type KubeGetResult =
  | { ok: true; body: unknown }
  /** `status` is the HTTP status when the server answered (410 tells a caller to relist). */
  | { ok: false; status: number | null; error: SourceError };

/** How to reach the API server of a kubeconfig: its URL and what client-node puts on each request. */
export interface KubeRequest {
  /** `server` of the current cluster, without a trailing slash. */
  server: string;
  /** Authorization, Impersonate-User and the like; secrets, never logged. */
  headers: http.OutgoingHttpHeaders;
  /** Carries the kubeconfig's TLS settings (CA, client certificate, insecure-skip-tls-verify). */
  agent: http.Agent | undefined;
  /** `user:password` of basic auth. */
  auth: string | undefined;
}

/**
 * The credentials and TLS settings of the cluster's kubeconfig (client-node
 * applies them: token, client certificate, exec plugin, auth-provider), for
 * one request. An exec plugin or auth-provider that fails is `unauthorized`;
 * its message names the command, not the secret.
 */
export async function kubeRequest(kc: KubeConfig, what: string): Promise<{ ok: true; request: KubeRequest } | { ok: false; error: SourceError }> {
  const server = (kc.getCurrentCluster()?.server ?? '').replace(/\/$/, '');
  // client-node adds its headers (Authorization, Impersonate-User) to this object.
  const headers: http.OutgoingHttpHeaders = {};
  const options: https.RequestOptions = { headers };
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (error) {
    return {
      ok: false,
      error: { kind: 'unauthorized', message: `${what}: cannot get credentials: ${error instanceof Error ? error.message : String(error)}` },
    };
  }
  return { ok: true, request: { server, headers, agent: options.agent instanceof http.Agent ? options.agent : undefined, auth: options.auth ?? undefined } };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** "message" of a Kubernetes Status body, if the body is one. */
export function statusMessage(body: Buffer): string {
  return text(field(parseJson(body), 'message'));
}

/**
 * One GET to the API server with the kubeconfig's credentials (kubeRequest),
 * through the sources' one HTTP client: its deadline, body limit and error
 * kinds, the Status message in the error.
 */
export async function kubeGet(kc: KubeConfig, pathAndQuery: string, limits: { timeoutMs: number; maxBytes: number }): Promise<KubeGetResult> {
  const url = new URL((kc.getCurrentCluster()?.server ?? '').replace(/\/$/, '') + pathAndQuery);
  const what = `GET ${url.pathname}${url.search}`;
  const prepared = await kubeRequest(kc, what);
  if (!prepared.ok) return { ok: false, status: null, error: prepared.error };
  const { headers, agent, auth } = prepared.request;
  const answer = await httpGet({
    url: url.toString(),
    what,
    headers: { ...headers, accept: 'application/json' },
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.maxBytes,
    agent,
    auth,
    detail: statusMessage,
    tlsSettings: KUBE_TLS_SETTINGS,
  });
  if (!answer.ok) return answer;
  const body = parseJson(answer.body);
  if (body === undefined)
    return { ok: false, status: answer.status, error: { kind: 'bad_response', message: `${what}: HTTP ${answer.status} with a body that is not JSON` } };
  return { ok: true, body };
}
