import { Counter, Gauge, type Registry } from 'prom-client';
import { DROP_REASONS, type RemoteWriteStats } from './destination';

/** Each remote-write destination's figures on fleetscope's /metrics (label `remote`), read at scrape time. */
export function registerRemoteWriteMetrics(registry: Registry, stats: () => readonly RemoteWriteStats[]): void {
  const counter = (name: string, help: string, value: (s: RemoteWriteStats) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['remote'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of stats()) this.inc({ remote: s.name }, value(s));
      },
    });
  const gauge = (name: string, help: string, value: (s: RemoteWriteStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['remote'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of stats()) this.set({ remote: s.name }, value(s));
      },
    });
  counter('fleetscope_remote_write_samples_sent_total', 'Samples the remote-write receiver accepted.', (s) => s.samplesSent);
  counter(
    'fleetscope_remote_write_samples_failed_total',
    'Samples of failed remote-write requests, once per attempt (5xx, 429, network errors and timeouts are retried; other answers dropped).',
    (s) => s.samplesFailed,
  );
  counter('fleetscope_remote_write_bytes_sent_total', 'Compressed request bytes the remote-write receiver accepted.', (s) => s.bytesSent);
  new Counter({
    name: 'fleetscope_remote_write_samples_dropped_total',
    help: 'Samples never written: queue_full (the oldest, to make room), rejected (an answer other than 2xx, 5xx or 429).',
    labelNames: ['remote', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of stats()) for (const reason of DROP_REASONS) this.inc({ remote: s.name, reason }, s.samplesDropped[reason]);
    },
  });
  gauge('fleetscope_remote_write_samples_pending', 'Samples queued or in a request not yet answered.', (s) => s.samplesPending);
  gauge('fleetscope_remote_write_queue_capacity_samples', 'Most samples the queue holds before dropping the oldest.', (s) => s.capacity);
  gauge('fleetscope_remote_write_lag_seconds', 'Newest sample timestamp queued minus newest sent.', (s) => s.lagSeconds);
}
