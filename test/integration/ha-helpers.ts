import type { ServeChild } from '../helpers/command';

/**
 * The config of HA replicas in the tests and the failover bench: clusters,
 * one PostgreSQL, one webhook receiver, ClusterUnreachable at once and the
 * other rules off, quick grouping and retries. The leader election keeps
 * its defaults (a 10 s lease, tried every 2 s): what is measured is what
 * users get.
 */
export function haConfig(options: { clusters: unknown[]; postgresUrl: string; hook: string }) {
  return {
    clusters: options.clusters,
    store: { postgres: { url: options.postgresUrl } },
    alerts: {
      evaluationInterval: '200ms',
      rules: {
        KubernetesReleaseEOL: { enabled: false },
        KubernetesReleaseNearEOL: { enabled: false },
        KubeletVersionSkew: { enabled: false },
        ClusterUnreachable: { for: '0s' },
        PrometheusStale: { enabled: false },
        ForwardClusterAlerts: { enabled: false },
      },
      route: { receiver: 'hook', group_by: ['alertname', 'cluster'], group_wait: '500ms', group_interval: '1s', repeat_interval: '1h' },
      receivers: [{ name: 'hook', type: 'webhook', url: options.hook }],
      delivery: { initialBackoff: '200ms', maxBackoff: '500ms', maxAttempts: 1000, timeout: '30s' },
    },
  };
}

/** The replicas whose /metrics says they lead (fleetscope_leader 1); a replica that does not answer leads nothing. */
export async function leaderOf(replicas: readonly ServeChild[]): Promise<ServeChild[]> {
  const leads = await Promise.all(
    replicas.map(async (r) => {
      const text = await fetch(`${r.url}/metrics`)
        .then((res) => res.text())
        .catch(() => '');
      return /^fleetscope_leader\{[^}]*\} 1$/m.test(text);
    }),
  );
  return replicas.filter((_, i) => leads[i]);
}
