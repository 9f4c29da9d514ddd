import { readFileSync } from 'node:fs';
import type { SourceError } from '../../../shared/errors';
import type { KubernetesSourceConfig } from '../../config/schema/kubernetes';
import { httpGet } from '../http-get';

/** The API server's /version answer (k8s.io/apimachinery/pkg/version.Info). */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
}

export async function fetchVersion(
  config: KubernetesSourceConfig,
  timeoutMs: number,
): Promise<{ ok: true; data: VersionInfo } | { ok: false; error: SourceError }> {
  const url = new URL('/version', config.server).toString();
  const response = await httpGet({
    url,
    timeoutMs,
    maxBytes: 1024 * 1024,
    headers: { accept: 'application/json', ...(config.token ? { authorization: `Bearer ${config.token}` } : {}) },
    tls: {
      ca: config.caFile ? readFileSync(config.caFile) : undefined,
      rejectUnauthorized: !config.insecureSkipVerify,
    },
  });
  if (!response.ok) return response;
  try {
    const info = JSON.parse(response.body.toString('utf8')) as Partial<VersionInfo>;
    if (typeof info.gitVersion !== 'string') throw new Error('no gitVersion');
    return { ok: true, data: { major: String(info.major ?? ''), minor: String(info.minor ?? ''), gitVersion: info.gitVersion, platform: info.platform } };
  } catch (error) {
    return { ok: false, error: { kind: 'bad_response', message: `GET ${url}: not a version object (${(error as Error).message})` } };
  }
}
