import { Gauge, type Registry } from 'prom-client';
import { STORE_PROBLEMS, type StoreHealth } from '../../shared/server-status';

/** The store's health on fleetscope's /metrics, read at scrape time. */
export function registerStoreMetrics(registry: Registry, health: () => StoreHealth): void {
  new Gauge({
    name: 'fleetscope_store_up',
    help: '1 while the store (alert state, outbox, silences) works, 0 while it fails; fleetscope_store_problem says why.',
    registers: [registry],
    collect() {
      this.set(health().ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'fleetscope_store_problem',
    help: `1 for the kind of the store's failure (${STORE_PROBLEMS.join(', ')}), 0 for the others; all 0 while it works.`,
    labelNames: ['problem'],
    registers: [registry],
    collect() {
      const now = health();
      for (const problem of STORE_PROBLEMS) this.set({ problem }, !now.ok && now.problem === problem ? 1 : 0);
    },
  });
}
