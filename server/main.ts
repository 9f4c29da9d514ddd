import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateConfig } from './config/load';
import type { FleetscopeConfig } from './config/schema/root';
import { FleetState } from './fleet/state';
import type { ClusterSnapshot } from './fleet/types';
import { createAlertEngine } from './alerts/engine';
import { resolveAlertSecrets } from './alerts/secrets';
import { createHttpApp } from './http/app';
import { createMetricsRegistry } from './http/metrics';
import type { Logger } from './log';
import { fleetCost, type CostWithTotals } from './reports/cost';
import { CPU_COUNTER } from './reports/cost-containers';
import { clusterHealth, fleetHealth } from './reports/health';
import { RESTARTS_COUNTER } from './reports/health-rules';
import { loadReportTables } from './reports/load-tables';
import { createPreviousSnapshot } from './reports/previous-snapshot';
import type { ReportSettings } from './reports/settings';
import { ClusterMemo } from './reports/memo';
import { createSkewMemo, fleetSkew } from './reports/skew';
import { createBodyPool } from './sources/body-pool';
import { createLimiter } from './sources/federate/limiter';
import { createQueryTarget, type QueryTarget } from './sources/federate/query-targets';
import { createFederateScraper, type FederateData } from './sources/federate/scrape';
import { createKubeClusterSource } from './sources/kube/cluster-source';
import { resolveClusters } from './sources/kube/resolve-clusters';
import { createPoller } from './sources/poller';
import type { SourceResult } from './fleet/inputs';
import type { SourceWorker } from './sources/types';
import { startSimFleet, type SimFleet } from './simulator/demo';
import type { ScenarioRequest } from './simulator/scenarios/runner';
import { createStreamHub } from './stream/hub';
import { createReportFeed, STREAM_REPORT_INTERVAL_MS } from './stream/report-feed';
import { openSqliteStore } from './store/sqlite';
import { streamSettings } from './stream/settings';
import { runningPodsPoint } from './stream/spark';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_WEB_ROOT = path.join(PROJECT_ROOT, 'dist', 'web');

export interface StartOptions {
  /** A validated config; absent means the demo fleet. */
  config?: Readonly<FleetscopeConfig>;
  logger: Logger;
  host?: string;
  port?: number;
  webRoot?: string;
  /** Scrape interval of the demo fleet (default 5s). */
  demoInterval?: string;
  /** Folder for the demo fleet's ca.crt and kubeconfig (default: a temporary folder removed on close). */
  demoDir?: string;
  /** Scenarios the demo fleet starts with (see docs/simulator.md). */
  demoScenarios?: readonly ScenarioRequest[];
  /** Port of the demo fleet's loopback admin endpoint (scenarios); absent: none. */
  demoAdminPort?: number;
  now?: () => number;
  /** SQLite file of alert state, outbox and silences; overrides the config's store.path (tests pass a temp file). */
  storePath?: string;
  /** One round only (the report command): every source fetches once, then nothing polls and no alert is evaluated. */
  oneRound?: boolean;
}

export interface Fleetscope {
  /** http://HOST:PORT */
  url: string;
  fleet: FleetState;
  /** The simulated fleet when running the demo; null otherwise. */
  demo: SimFleet | null;
  /** Resolves once the first round of fetches of every source has finished. */
  firstRound: Promise<void>;
  /** What the reports are built with: the config's thresholds and the loaded price and release tables. */
  reportSettings: ReportSettings;
  close(): Promise<void>;
}

/** The composition root: builds every part from the config and wires them together. */
export async function startFleetscope(options: StartOptions): Promise<Fleetscope> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  let demo: SimFleet | null = null;
  let config = options.config;
  if (!config) {
    demo = await startSimFleet(undefined, {
      interval: options.demoInterval ?? '5s',
      dir: options.demoDir,
      scenarios: options.demoScenarios,
      admin: options.demoAdminPort === undefined ? undefined : { port: options.demoAdminPort },
    });
    const result = validateConfig(demo.configDocument());
    if (!result.ok) throw new Error(`demo fleet config is invalid: ${result.problems.join('; ')}`);
    config = result.config;
    logger.info({ clusters: demo.clusters.map((c) => c.name) }, 'no config given: running the simulated demo fleet');
  }

  // Kubeconfig files are read here, once: bulk entries become clusters, contexts are checked.
  const resolved = resolveClusters(config);
  if (resolved.problems.length) throw new Error(`Kubernetes sources: ${resolved.problems.join('; ')}`);
  const clusters = resolved.clusters;

  const fleet = new FleetState(
    clusters.map((c) => ({
      name: c.name,
      labels: c.labels,
      hasPrometheus: !!c.prometheus,
      staleAfterMs: c.prometheus?.staleAfter,
      hasKubernetes: !!c.kubernetes,
      eventRingSize: c.kubernetes?.eventRingSize,
    })),
  );

  const workers: SourceWorker[] = [];
  const federateLimiter = createLimiter(config.federation.concurrency);
  const federateBodies = createBodyPool({ maxFree: config.federation.concurrency });
  const queryTargets: QueryTarget[] = [];
  for (const cluster of clusters) {
    const log = logger.child({ cluster: cluster.name });
    const logResult = (source: string) => (result: SourceResult<unknown>) => {
      if (!result.ok) log.warn({ source, kind: result.error.kind, durationMs: result.durationMs }, result.error.message);
      else log.debug({ source, durationMs: result.durationMs }, 'fetched');
    };
    const prometheus = cluster.prometheus;
    if (prometheus) {
      const logIt = logResult('prometheus');
      if (prometheus.tls?.insecureSkipVerify) log.warn({ source: 'prometheus' }, 'TLS verification of Prometheus is off (tls.insecureSkipVerify)');
      const scrape = createFederateScraper({
        cluster: cluster.name,
        config: prometheus,
        clusterLabel: config.clusterLabel,
        kube: resolved.kube.get(cluster.name),
        limiter: federateLimiter,
        bodies: federateBodies,
      });
      const queryTarget = createQueryTarget({ cluster: cluster.name, config: prometheus, clusterLabel: config.clusterLabel, kube: resolved.kube.get(cluster.name) });
      if (queryTarget) queryTargets.push(queryTarget);
      workers.push(
        createPoller<FederateData>({
          cluster: cluster.name,
          intervalMs: prometheus.interval,
          fetch: scrape,
          report: (result) => {
            logIt(result);
            fleet.applyFederate(result);
          },
          now,
        }),
      );
    }
    const kubernetes = cluster.kubernetes;
    const kubeConfig = resolved.kube.get(cluster.name);
    if (kubernetes && kubeConfig) {
      if (kubeConfig.insecure) log.warn({ source: 'kubernetes' }, 'TLS verification of the API server is off');
      log.debug({ source: 'kubernetes', origin: kubeConfig.origin, server: kubeConfig.server }, 'Kubernetes API source');
      const logIt = logResult('kubernetes');
      workers.push(
        createKubeClusterSource({
          cluster: cluster.name,
          config: kubeConfig,
          settings: kubernetes,
          sink: {
            status: (result) => {
              logIt(result);
              fleet.applyKubeStatus(result);
            },
            version: (name, version) => fleet.applyKubeVersion(name, version),
            nodes: (name, nodes) => fleet.applyNodes(name, nodes),
            events: (name, observed) => fleet.applyKubeEvents(name, observed),
          },
          note: (message) => log.debug({ source: 'kubernetes' }, message),
          now,
        }),
      );
    }
  }

  let ready = false;
  const healthConfig = config.reports.health;
  const tables = loadReportTables(config.reports, PROJECT_ROOT);
  if (!tables.ok) throw new Error(`report tables are invalid: ${tables.problems.join('; ')}`);
  const reportSettings = { reports: config.reports, tables: tables.tables };
  // Cost rates cAdvisor's CPU counter against a snapshot about a minute old.
  const previousSnapshot = createPreviousSnapshot({ minAgeMs: 60_000, keep: [CPU_COUNTER, RESTARTS_COUNTER] });
  const unsubscribePrevious = fleet.onChange(() => previousSnapshot.observe(fleet.snapshot(), now()));
  // One definition of each report as every consumer (REST, stream, alerts) sees it.
  const healthOf = (cluster: ClusterSnapshot) =>
    clusterHealth(cluster, now(), healthConfig, previousSnapshot.get()?.clusters.find((c) => c.name === cluster.name));
  // Kept per cluster between calls: a fleet report recomputes only the clusters whose data changed.
  const costMemo = new ClusterMemo<CostWithTotals>();
  const skewMemo = createSkewMemo();
  const costNow = (snapshot = fleet.snapshot()) => fleetCost(snapshot, now(), reportSettings, previousSnapshot.get(), costMemo);
  const skewNow = (snapshot = fleet.snapshot()) => fleetSkew(snapshot, now(), reportSettings, skewMemo);
  const metrics = createMetricsRegistry(() => fleet.snapshot());
  const store = openSqliteStore(options.storePath ?? config.store.path);
  let url = '';
  const externalUrl = (config.alerts.externalUrl ?? '').replace(/\/+$/, '');
  const alertSecrets = resolveAlertSecrets(config.alerts);
  if (alertSecrets.problems.length) throw new Error(alertSecrets.problems.join('; '));
  const alerts = await createAlertEngine({
    config: config.alerts,
    receivers: alertSecrets.receivers,
    inboundToken: alertSecrets.inboundToken,
    store,
    snapshot: () => fleet.snapshot(),
    skew: () => skewNow(),
    cost: () => costNow(),
    externalUrl: () => externalUrl || url,
    logger,
    now,
  });
  alerts.registerMetrics(metrics);
  const app = createHttpApp({
    health: () => fleetHealth(fleet.snapshot(), now(), healthConfig, previousSnapshot.get()),
    ready: () => ready,
    metrics,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    events: { events: () => fleet.events(), now },
    reports: { snapshot: () => fleet.snapshot(), now, settings: reportSettings, previous: previousSnapshot.get },
    cluster: { snapshot: () => fleet.snapshot(), now, health: healthOf },
    costHistory: { history: (day) => store.dailyCostHistory(day), now },
    federation: { snapshot: () => fleet.snapshot(), now, clusterLabel: config.clusterLabel },
    query: { targets: () => queryTargets, now },
    alerts,
  });
  const server = http.createServer(app);
  const hub = createStreamHub({ server, logger, now, settings: streamSettings(config.server.stream, healthConfig.staleAfter) });
  const publishCluster = (cluster: ClusterSnapshot) => hub.publishCluster(healthOf(cluster), runningPodsPoint(cluster, now()));
  for (const cluster of fleet.snapshot().clusters) publishCluster(cluster);
  const unsubscribe = fleet.onChange((name) => {
    const cluster = fleet.snapshot().clusters.find((c) => c.name === name);
    if (cluster) publishCluster(cluster);
  });
  const unsubscribeEvents = fleet.onEvents((_cluster, events) => hub.publishEvents(events));
  const reportFeed = createReportFeed({
    publisher: hub,
    compute: () => {
      const snapshot = fleet.snapshot();
      return { cost: costNow(snapshot), skew: skewNow(snapshot) };
    },
    intervalMs: STREAM_REPORT_INTERVAL_MS,
    logger,
  });

  const host = options.host ?? config.server.host;
  const port = options.port ?? config.server.port;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, clusters: config.clusters.length }, 'fleetscope listening');

  const firstRound = Promise.all(workers.map((w) => w.runOnce())).then(() => {
    ready = true;
    reportFeed.refresh();
    if (options.oneRound) return;
    for (const w of workers) w.start();
    alerts.start();
    logger.info('first round of fetches finished; ready');
  });

  return {
    url,
    fleet,
    demo,
    firstRound,
    reportSettings,
    async close() {
      for (const w of workers) w.stop();
      unsubscribe();
      unsubscribePrevious();
      unsubscribeEvents();
      reportFeed.stop();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await alerts.close();
      await store.close();
      await demo?.close();
    },
  };
}
