import { Gauge, type Registry } from 'prom-client';
import type { WebConfigWatcher } from './watcher';

/** The web configuration file's reloads on fleetscope's /metrics, named after Prometheus' own config reload metrics; read at scrape time. */
export function registerWebConfigMetrics(registry: Registry, watcher: WebConfigWatcher): void {
  new Gauge({
    name: 'fleetscope_web_config_last_reload_successful',
    help: 'Whether the last reading of the web configuration file (server.webConfigFile) put it in force (1) or found problems, so that the one before stays (0).',
    registers: [registry],
    collect() {
      this.set(watcher.health().ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'fleetscope_web_config_last_reload_success_timestamp_seconds',
    help: 'Unix time the web configuration file in force was read.',
    registers: [registry],
    collect() {
      this.set(watcher.loadedAt() / 1000);
    },
  });
}
