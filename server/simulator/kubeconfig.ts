import { stringify } from 'yaml';
import type { ClientCert } from './tls';

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
 * inlined and the cluster's bearer token — or, given `clientCert`, that client
 * certificate and key inlined instead: `kubectl --kubeconfig FILE --context
 * sim-NAME get nodes` works with it.
 */
export function kubeconfigYaml(clusters: readonly KubeconfigCluster[], clientCert?: ClientCert): string {
  const b64 = (pem: string) => Buffer.from(pem).toString('base64');
  const user = (c: KubeconfigCluster) =>
    clientCert ? { 'client-certificate-data': b64(clientCert.certPem), 'client-key-data': b64(clientCert.keyPem) } : { token: c.token };
  const withApi = clusters.filter((c) => c.apiUrl);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': withApi[0] ? contextName(withApi[0].name) : '',
    clusters: withApi.map((c) => ({
      name: contextName(c.name),
      cluster: { server: c.apiUrl, 'certificate-authority-data': b64(c.caPem) },
    })),
    users: withApi.map((c) => ({ name: contextName(c.name), user: user(c) })),
    contexts: withApi.map((c) => ({ name: contextName(c.name), context: { cluster: contextName(c.name), user: contextName(c.name) } })),
  });
}
