import { deliveryTestConfig } from './alerts-chat-server';
import type { ServeChild } from '../helpers/command';

/** The config of HA replicas in the tests and the failover bench: `deliveryTestConfig` on one PostgreSQL. The leader election keeps its defaults (a 10 s lease, tried every 2 s): what is measured is what users get. */
export function haConfig(options: { clusters: unknown[]; postgresUrl: string; hook: string }) {
  return deliveryTestConfig({ clusters: options.clusters, store: { postgres: { url: options.postgresUrl } }, hook: options.hook });
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
