import type { KubeConfig } from '@kubernetes/client-node';
import type { SourceError } from '../../../shared/errors';
import type { VersionInfo } from '../../fleet/inputs';
import { field, text } from './object-fields';
import { kubeGet } from './request';

/** Reads a /version body; null when it is not one. */
export function parseVersion(body: unknown): VersionInfo | null {
  const gitVersion = text(field(body, 'gitVersion'));
  if (!gitVersion) return null;
  const platform = text(field(body, 'platform'));
  return { major: text(field(body, 'major')), minor: text(field(body, 'minor')), gitVersion, ...(platform ? { platform } : {}) };
}

export async function fetchVersion(kc: KubeConfig, timeoutMs: number): Promise<{ ok: true; data: VersionInfo } | { ok: false; error: SourceError }> {
  const response = await kubeGet(kc, '/version', { timeoutMs, maxBytes: 1024 * 1024 });
  if (!response.ok) return response;
  const version = parseVersion(response.body);
  return version ? { ok: true, data: version } : { ok: false, error: { kind: 'bad_response', message: 'GET /version: not a version object (no gitVersion)' } };
}
