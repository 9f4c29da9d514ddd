/** The address Argo CD gives the cluster it runs in (an Application's destination "in-cluster"). */
const IN_CLUSTER = 'https://kubernetes.default.svc';

/** An API server URL as compared: lower-case scheme and host, no default port, no trailing slash. */
export function apiServerKey(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port === '' || (parsed.protocol === 'https:' && parsed.port === '443') ? '' : `:${parsed.port}`;
    return `${parsed.protocol}//${parsed.hostname.toLowerCase()}${port}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim();
  }
}

/**
 * Which cluster an Argo CD Application deploys to, in words: the cluster
 * Argo CD runs in for its in-cluster address, a fleet cluster whose API
 * server URL is the destination, or the URL itself. Pure.
 */
export function argoDestination(destServer: string, cluster: string, apiServers: ReadonlyMap<string, string> | undefined): string {
  if (destServer === '') return 'its destination';
  const key = apiServerKey(destServer);
  if (key === IN_CLUSTER) return `${cluster} (in-cluster)`;
  const named = apiServers?.get(key);
  return named ? `cluster ${named} (${destServer})` : destServer;
}
