import type { SourceHealth } from '../../../shared/health';
import type { ServerStatus } from '../../../shared/server-status';
import { formatAge, formatRelisting } from '../common/format';
import type { ClusterView } from '../fleet-state';

export interface ClusterBanner {
  cluster: string;
  message: string;
}

function sourceProblem(label: string, source: SourceHealth, now: number): string | null {
  if (source.error) return `${label} failing for ${formatAge(now - source.error.since)} (${source.error.kind}): ${source.error.message}`;
  return source.relisting ? `${label} ${formatRelisting(source.relisting, now)}` : null;
}

/**
 * One banner per cluster with a failing source or stale data, so every page
 * can say which cluster its numbers leave out or show old — the rest of the
 * page still shows every other cluster.
 */
export function clusterBanners(clusters: readonly ClusterView[], now: number, staleAfterMs: number): ClusterBanner[] {
  const banners: ClusterBanner[] = [];
  for (const c of clusters) {
    const problems = [sourceProblem('Prometheus', c.health.prometheus, now), sourceProblem('Kubernetes API', c.health.kubernetes, now)].filter(
      (p): p is string => p !== null,
    );
    const ageMs = c.dataAt === null ? null : now - c.dataAt;
    if (ageMs !== null && ageMs > staleAfterMs) problems.push(`data ${formatAge(ageMs)} old`);
    if (problems.length > 0) banners.push({ cluster: c.health.cluster, message: problems.join('; ') });
  }
  return banners;
}

/**
 * The banner of fleetscope's own trouble, above the clusters': its store not
 * working means alert state is not saved and no notification goes out.
 * Null while the store works, or before the server has said.
 */
export function serverBanner(server: ServerStatus | null, now: number): string | null {
  const store = server?.store;
  if (!store || store.ok) return null;
  return `fleetscope's store is not working for ${formatAge(now - store.since)} (${store.problem}): ${store.message}. Alert state is not being saved and no notification is sent until it works again; /readyz fails, and the server log names the file.`;
}

/**
 * The banner of a web configuration file (server.webConfigFile) changed into
 * one fleetscope cannot use: the one read before stays in force. Null while
 * the one on disk is in force, without a web configuration file, or before
 * the server has said.
 */
export function webConfigBanner(server: ServerStatus | null, now: number): string | null {
  const health = server?.webConfig;
  if (!health || health.ok) return null;
  return `fleetscope's web configuration file was changed ${formatAge(now - health.since)} ago into one it cannot use (${health.problems.join('; ')}). The one read before stays in force; the server log names the file.`;
}
