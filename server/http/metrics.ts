import { Gauge, Counter, Registry } from 'prom-client';
import { ERROR_KINDS } from '../../shared/errors';
import type { FleetSnapshot, SourceState } from '../fleet/types';

/**
 * fleetscope's own /metrics. Pull model: every value is read from the fleet
 * snapshot at collect time; nothing updates gauges on a timer.
 */
export function createMetricsRegistry(snapshot: () => FleetSnapshot): Registry {
  const registry = new Registry();
  const sources = (): Array<{ cluster: string; source: string; state: SourceState }> =>
    snapshot().clusters.flatMap((c) => [
      ...(c.prometheus ? [{ cluster: c.name, source: 'prometheus', state: c.prometheus }] : []),
      ...(c.kubernetes ? [{ cluster: c.name, source: 'kubernetes', state: c.kubernetes }] : []),
    ]);

  new Gauge({
    name: 'fleetscope_source_up',
    help: '1 if the last fetch of this cluster source succeeded, 0 otherwise.',
    labelNames: ['cluster', 'source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources()) if (s.state.lastAttempt !== null) this.set({ cluster: s.cluster, source: s.source }, s.state.error ? 0 : 1);
    },
  });
  new Gauge({
    name: 'fleetscope_source_duration_seconds',
    help: 'Duration of the last fetch of this cluster source.',
    labelNames: ['cluster', 'source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources()) if (s.state.lastDurationMs !== null) this.set({ cluster: s.cluster, source: s.source }, s.state.lastDurationMs / 1000);
    },
  });
  new Gauge({
    name: 'fleetscope_source_last_success_timestamp_seconds',
    help: 'Unix time of the last successful fetch of this cluster source.',
    labelNames: ['cluster', 'source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources()) if (s.state.lastSuccess !== null) this.set({ cluster: s.cluster, source: s.source }, s.state.lastSuccess / 1000);
    },
  });
  new Counter({
    name: 'fleetscope_source_failures_total',
    help: 'Failed fetches of this cluster source, by error kind.',
    labelNames: ['cluster', 'source', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources()) for (const kind of ERROR_KINDS) this.inc({ cluster: s.cluster, source: s.source, kind }, s.state.failures[kind] ?? 0);
    },
  });
  const watches = () =>
    snapshot().clusters.flatMap((c) =>
      c.kubernetes ? Object.entries(c.kubernetes.watches).map(([resource, watch]) => ({ cluster: c.name, resource, watch })) : [],
    );
  new Counter({
    name: 'fleetscope_kube_relists_total',
    help: 'Lists a Kubernetes watch of this cluster started over with because it could not go on (410 Gone, a refused watch).',
    labelNames: ['cluster', 'resource'],
    registers: [registry],
    collect() {
      this.reset();
      for (const w of watches()) this.inc({ cluster: w.cluster, resource: w.resource }, w.watch.relists);
    },
  });
  new Counter({
    name: 'fleetscope_kube_watch_bad_lines_total',
    help: 'Lines of a Kubernetes watch stream of this cluster that were not watch events (not JSON, or no type and object).',
    labelNames: ['cluster', 'resource'],
    registers: [registry],
    collect() {
      this.reset();
      for (const w of watches()) this.inc({ cluster: w.cluster, resource: w.resource }, w.watch.badLines);
    },
  });
  new Gauge({
    name: 'fleetscope_scrape_samples',
    help: 'Samples in the last successful /federate scrape of this cluster.',
    labelNames: ['cluster'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) if (c.prometheus?.lastSuccess) this.set({ cluster: c.name }, c.prometheus.sampleCount);
    },
  });
  new Gauge({
    name: 'fleetscope_scrape_bytes',
    help: 'Decoded body size of the last successful /federate scrape of this cluster.',
    labelNames: ['cluster'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of snapshot().clusters) if (c.prometheus?.lastSuccess) this.set({ cluster: c.name }, c.prometheus.bytes);
    },
  });
  return registry;
}
