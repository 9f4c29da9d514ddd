import { minorsBetween, parseKubeVersion, type KubeVersion } from '../../shared/kube-version';
import type { SkewComponent, VersionSource } from '../../shared/reports/skew';
import type { ClusterInventory } from '../inventory/types';
import type { VersionedThing } from './skew-policy';

/** Reads a version text; the skew report notes one that is not a Kubernetes version. */
export type ParseVersion = (component: SkewComponent, subject: string, text: string) => KubeVersion | null;

/**
 * A cluster's kube-apiserver versions and where they came from: every
 * instance's kubernetes_build_info when federated (HA servers each report
 * theirs), else the API's /version. Invariant: `source` is null exactly
 * when `apiServers` is empty. The skew report and /api/clusters both read
 * it, so they never disagree.
 */
export interface ApiServerVersions {
  readonly apiServers: readonly VersionedThing[];
  readonly source: VersionSource | null;
}

const parseQuietly: ParseVersion = (_component, _subject, text) => parseKubeVersion(text);

export function apiServerVersions(inventory: ClusterInventory, parse: ParseVersion = parseQuietly): ApiServerVersions {
  const fromBuildInfo: VersionedThing[] = [];
  for (const { component, subject, gitVersion } of inventory.controlPlane) {
    if (component !== 'kube-apiserver' || !gitVersion) continue;
    const version = parse(component, subject, gitVersion);
    if (version) fromBuildInfo.push({ component, subject, version });
  }
  if (fromBuildInfo.length) return { apiServers: fromBuildInfo, source: 'kubernetes_build_info' };
  const gitVersion = inventory.kubernetes?.version?.gitVersion;
  const version = gitVersion ? parse('kube-apiserver', '/version', gitVersion) : null;
  if (version) return { apiServers: [{ component: 'kube-apiserver', subject: '/version', version }], source: 'kubernetes-api' };
  return { apiServers: [], source: null };
}

/** The oldest of the API servers' versions (what end of life is judged by), or null. */
export function oldestApiServer(versions: ApiServerVersions): KubeVersion | null {
  let oldest: KubeVersion | null = null;
  for (const a of versions.apiServers) if (!oldest || minorsBetween(oldest, a.version) > 0) oldest = a.version;
  return oldest;
}
