import type { RemoteWriteConfig } from '../config/schema/remote-write';
import { NO_SERIES, type Sample, type ScrapedSeries } from '../fleet/series';
import type { FleetState } from '../fleet/state';
import type { Logger } from '../log';
import { createDestination, type RemoteWriteDestination, type RemoteWriteStats } from '../remote-write/destination';
import { staleMarkers, vanishedSeries } from '../remote-write/staleness';

/** Every remote-write destination, fed each cluster's federated series after each of its scrapes. */
export interface RemoteWrite {
  stats(): readonly RemoteWriteStats[];
  close(): Promise<void>;
}

/**
 * Writes every federated sample (the cluster label included, as /federate
 * re-exposes it) to each destination, once per successful scrape: the fleet
 * says a cluster changed, and a scrape not seen before is queued whole, with
 * a staleness marker for each series the previous scrape had and this one
 * has not. When a cluster's scrape fails, every series written of it gets a
 * staleness marker, as Prometheus marks the series of a target it cannot
 * scrape.
 */
export function createRemoteWrite(options: {
  configs: readonly RemoteWriteConfig[];
  fleet: FleetState;
  userAgent: string;
  /** Whether this replica writes the cluster's series: HA replicas all scrape, and only the leader forwards; in a sharded fleet, the cluster's owner. A receiver gets each cluster once. */
  writes: (cluster: string) => boolean;
  logger: Logger;
  now: () => number;
}): RemoteWrite {
  const { fleet, now } = options;
  const destinations: RemoteWriteDestination[] = options.configs.map((config) =>
    createDestination({ config, userAgent: options.userAgent, logger: options.logger, now }),
  );
  /**
   * Per cluster, the scrape written last (held readable until the next one is
   * compared with it), and whether its series were all marked stale since
   * (its cluster failing).
   */
  const written = new Map<string, { series: ScrapedSeries; release: () => void; stale: boolean }>();
  const enqueue = (samples: readonly Sample[], at: number) => {
    for (const destination of destinations) destination.enqueue(samples, at);
  };
  const unsubscribe =
    destinations.length === 0
      ? () => {}
      : fleet.onChange((name) => {
          const prometheus = fleet.cluster(name)?.prometheus;
          if (!prometheus || !options.writes(name)) return;
          const previous = written.get(name);
          if (prometheus.error !== null && previous && !previous.stale) {
            previous.stale = true;
            enqueue(staleMarkers(samplesOf(previous.series), prometheus.lastAttempt ?? now()), now());
            previous.release();
            return;
          }
          if (prometheus.series === NO_SERIES || previous?.series === prometheus.series) return;
          written.set(name, { series: prometheus.series, release: prometheus.series.hold(), stale: false });
          const scrapedAt = prometheus.lastSuccess ?? now();
          const samples = samplesOf(prometheus.series);
          if (previous && !previous.stale) {
            samples.push(...staleMarkers(vanishedSeries(previous.series, prometheus.series), scrapedAt));
            previous.release();
          }
          enqueue(samples, scrapedAt);
        });
  return {
    stats: () => destinations.map((d) => d.stats()),
    async close() {
      unsubscribe();
      for (const entry of written.values()) if (!entry.stale) entry.release();
      written.clear();
      await Promise.all(destinations.map((d) => d.close()));
    },
  };
}

function samplesOf(series: ScrapedSeries): Sample[] {
  const out: Sample[] = [];
  for (const name of series.names()) for (const sample of series.get(name) ?? []) out.push(sample);
  return out;
}
