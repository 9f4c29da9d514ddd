import { stringify } from 'yaml';

/** What a kubeconfig entry needs of a simulated cluster. */
export interface KubeconfigCluster {
  name: string;
  apiUrl: string;
  token: string;
  caPem: string;
}

/** Context (and cluster and user) name of a simulated cluster in the demo kubeconfig. */
export function contextName(cluster: string): string {
  return `sim-${cluster}`;
}

/**
 * A kubeconfig (clientcmd v1) with one context per simulated cluster, the CA
 * inlined and the cluster's bearer token: `kubectl --kubeconfig FILE
 * --context sim-NAME get nodes` works with it.
 */
export function kubeconfigYaml(clusters: readonly KubeconfigCluster[]): string {
  const withApi = clusters.filter((c) => c.apiUrl);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': withApi[0] ? contextName(withApi[0].name) : '',
    clusters: withApi.map((c) => ({
      name: contextName(c.name),
      cluster: { server: c.apiUrl, 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') },
    })),
    users: withApi.map((c) => ({ name: contextName(c.name), user: { token: c.token } })),
    contexts: withApi.map((c) => ({ name: contextName(c.name), context: { cluster: contextName(c.name), user: contextName(c.name) } })),
  });
}
