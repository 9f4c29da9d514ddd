import os from 'node:os';
import v8 from 'node:v8';
import type { FleetState } from '../fleet/state';
import type { SourceResult } from '../fleet/inputs';
import type { Logger } from '../log';
import { createBodyPool } from '../sources/body-pool';
import { createSeriesBudget, defaultMaxSeries } from '../sources/federate/budget';
import { createLimiter } from '../sources/federate/limiter';
import { createQueryTarget, type QueryTarget } from '../sources/federate/query-targets';
import { createFederateScraper, type FederateData } from '../sources/federate/scrape';
import { createKubeClusterSource } from '../sources/kube/cluster-source';
import { createPoller } from '../sources/poller';
import type { SourceWorker } from '../sources/types';
import type { ResolvedConfig } from './resolve-config';

/** The fleet's sources: one worker per cluster and source kind, each reporting into the fleet, and the clusters' query APIs. */
export interface FleetSources {
  /** New workers of one cluster (one per source kind), not started; every cluster of the config has its own. */
  workersFor(cluster: string): SourceWorker[];
  /** Gives up what the fleet-wide series budget counts for a cluster this replica no longer scrapes. */
  release(cluster: string): void;
  /** Each cluster Prometheus' HTTP API, for the /api/v1 fan-out. */
  readonly queryTargets: readonly QueryTarget[];
}

export function createFleetSources(options: {
  resolved: ResolvedConfig;
  fleet: FleetState;
  logger: Logger;
  now: () => number;
  /** Whether a worker's results still go into the fleet (sharding: a cluster given away is not written to by a scrape that was in flight); default always. */
  accepts?: (worker: SourceWorker) => boolean;
}): FleetSources {
  const { resolved, fleet, logger, now } = options;
  const accepts = options.accepts ?? (() => true);
  const { config } = resolved;
  const factories = new Map<string, () => SourceWorker[]>();
  const queryTargets: QueryTarget[] = [];
  // Fleet-wide: at most `concurrency` scrapes in flight, their bodies in buffers shared among them, and at most `maxSeries` series held.
  const limiter = createLimiter(config.federation.concurrency);
  const bodies = createBodyPool({ maxFree: config.federation.concurrency });
  const budget = createSeriesBudget(config.federation.maxSeries ?? defaultMaxSeries(machineMemory()));
  logger.info({ maxSeries: budget.max, configured: config.federation.maxSeries !== undefined }, 'fleet-wide series budget');
  for (const cluster of resolved.clusters) {
    const queryTarget =
      cluster.prometheus &&
      createQueryTarget({ cluster: cluster.name, config: cluster.prometheus, clusterLabel: config.clusterLabel, kube: resolved.kube.get(cluster.name) });
    if (queryTarget) queryTargets.push(queryTarget);
    factories.set(cluster.name, () => clusterWorkers(cluster));
  }

  function clusterWorkers(cluster: ResolvedConfig['clusters'][number]): SourceWorker[] {
    const workers: SourceWorker[] = [];
    const log = logger.child({ cluster: cluster.name });
    const logResult = (source: string) => (result: SourceResult<unknown>) => {
      if (!result.ok) log.warn({ source, kind: result.error.kind, durationMs: result.durationMs }, result.error.message);
      else log.debug({ source, durationMs: result.durationMs }, 'fetched');
    };
    const kube = resolved.kube.get(cluster.name);
    const prometheus = cluster.prometheus;
    if (prometheus) {
      const logIt = logResult('prometheus');
      if (prometheus.tls?.insecureSkipVerify) log.warn({ source: 'prometheus' }, 'TLS verification of Prometheus is off (tls.insecureSkipVerify)');
      const scrape = createFederateScraper({
        cluster: cluster.name,
        config: prometheus,
        clusterLabel: config.clusterLabel,
        kube,
        limiter,
        bodies,
        fleetLimits: config.federation,
        budget,
      });
      const poller: SourceWorker = createPoller<FederateData>({
        cluster: cluster.name,
        intervalMs: prometheus.interval,
        fetch: scrape,
        report: (result) => {
          if (!accepts(poller)) return;
          logIt(result);
          fleet.applyFederate(result);
        },
        now,
      });
      workers.push(poller);
    }
    const kubernetes = cluster.kubernetes;
    if (kubernetes && kube) {
      if (kube.insecure) log.warn({ source: 'kubernetes' }, 'TLS verification of the API server is off');
      log.debug({ source: 'kubernetes', origin: kube.origin, server: kube.server }, 'Kubernetes API source');
      const logIt = logResult('kubernetes');
      const source: SourceWorker = createKubeClusterSource({
        cluster: cluster.name,
        config: kube,
        settings: kubernetes,
        sink: {
          status: (result) => {
            if (!accepts(source)) return;
            logIt(result);
            fleet.applyKubeStatus(result);
          },
          version: (name, version) => accepts(source) && fleet.applyKubeVersion(name, version),
          nodes: (name, nodes) => accepts(source) && fleet.applyNodes(name, nodes),
          events: (name, observed) => (accepts(source) ? fleet.applyKubeEvents(name, observed) : []),
          relisted: (name, relist) => accepts(source) && fleet.applyKubeRelist(name, relist),
          badLine: (name, resource) => accepts(source) && fleet.applyKubeBadLine(name, resource),
        },
        note: (message) => log.debug({ source: 'kubernetes' }, message),
        now,
      });
      workers.push(source);
    }
    return workers;
  }
  return {
    workersFor: (name) => factories.get(name)?.() ?? [],
    release: (name) => void budget.claim(name, 0),
    queryTargets,
  };
}

/** The memory the process may use: the machine's, or its container's limit when lower; and V8's heap limit. */
function machineMemory(): { memoryBytes: number; heapLimitBytes: number } {
  const total = os.totalmem();
  // constrainedMemory() is the cgroup limit; without one it answers 0 or a huge number.
  const constrained = process.constrainedMemory();
  const memoryBytes = constrained > 0 ? Math.min(constrained, total) : total;
  return { memoryBytes, heapLimitBytes: v8.getHeapStatistics().heap_size_limit };
}
