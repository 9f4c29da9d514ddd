import { stringify } from 'yaml';
import type { ScrapeTarget } from './metrics/targets';

/**
 * A prometheus.yml that scrapes every target of one simulated cluster the way
 * that cluster's own Prometheus would (job per scrape job, `instance` and
 * service-discovery labels as target labels, `external_labels: {cluster: NAME}`),
 * so its /federate holds what the simulator's own /federate shows.
 */
export function prometheusConfigYaml(options: {
  cluster: string;
  address: string;
  targets: readonly ScrapeTarget[];
  scrapeInterval?: string;
  clusterLabel?: string;
}): string {
  const jobs = new Map<string, ScrapeTarget[]>();
  for (const target of options.targets) jobs.set(target.job, [...(jobs.get(target.job) ?? []), target]);
  return stringify({
    global: {
      scrape_interval: options.scrapeInterval ?? '1s',
      scrape_timeout: '1s',
      external_labels: { [options.clusterLabel ?? 'cluster']: options.cluster },
    },
    scrape_configs: [...jobs].map(([job, targets]) => ({
      job_name: job,
      static_configs: targets.map((t) => ({
        targets: [options.address],
        labels: {
          ...t.labels,
          instance: t.instance,
          __metrics_path__: t.path,
          ...Object.fromEntries(Object.entries(t.params).map(([k, v]) => [`__param_${k}`, v])),
        },
      })),
    })),
  });
}
