import type { RemoteWriteConfig } from '../config/schema/remote-write';
import { NO_SERIES, type Sample, type ScrapedSeries } from '../fleet/series';
import type { FleetState } from '../fleet/state';
import type { Logger } from '../log';
import { createDestination, type RemoteWriteDestination, type RemoteWriteStats } from '../remote-write/destination';

/** Every remote-write destination, fed each cluster's federated series after each of its scrapes. */
export interface RemoteWrite {
  stats(): readonly RemoteWriteStats[];
  close(): Promise<void>;
}

/**
 * Writes every federated sample (the cluster label included, as /federate
 * re-exposes it) to each destination, once per successful scrape: the fleet
 * says a cluster changed, and a scrape not seen before is queued whole.
 */
export function createRemoteWrite(options: {
  configs: readonly RemoteWriteConfig[];
  fleet: FleetState;
  userAgent: string;
  /** Whether this replica writes: HA replicas all scrape, and only the leader forwards, so a receiver gets each cluster once. */
  leads: () => boolean;
  logger: Logger;
  now: () => number;
}): RemoteWrite {
  const { fleet, now } = options;
  const destinations: RemoteWriteDestination[] = options.configs.map((config) =>
    createDestination({ config, userAgent: options.userAgent, logger: options.logger, now }),
  );
  const written = new Map<string, ScrapedSeries>();
  const unsubscribe =
    destinations.length === 0
      ? () => {}
      : fleet.onChange((name) => {
          const prometheus = fleet.cluster(name)?.prometheus;
          if (!prometheus || prometheus.series === NO_SERIES || written.get(name) === prometheus.series || !options.leads()) return;
          written.set(name, prometheus.series);
          const samples = samplesOf(prometheus.series);
          const scrapedAt = prometheus.lastSuccess ?? now();
          for (const destination of destinations) destination.enqueue(samples, scrapedAt);
        });
  return {
    stats: () => destinations.map((d) => d.stats()),
    async close() {
      unsubscribe();
      await Promise.all(destinations.map((d) => d.close()));
    },
  };
}

function samplesOf(series: ScrapedSeries): Sample[] {
  const out: Sample[] = [];
  for (const name of series.names()) for (const sample of series.get(name) ?? []) out.push(sample);
  return out;
}
