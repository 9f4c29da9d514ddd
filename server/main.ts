import http from 'node:http';
import path from 'node:path';
import { createAlertEngine } from './alerts/engine';
import { createCookieAuth } from './auth/cookie-auth';
import { csrfProtection } from './auth/csrf';
import { authenticateRequest, interimAccess, interimMeRouter } from './auth/interim-access';
import { identityOf } from './auth/request-identity';
import type { TokenRevocations, WallTokens } from './auth/wall/tokens';
import { startDemoFleet } from './compose/demo';
import { listen } from './compose/listen';
import { createReportService, type ReportService } from './compose/reports';
import { ConfigProblems, resolveConfig, type ResolvedConfig } from './compose/resolve-config';
import { createFleetSources } from './compose/sources';
import type { FleetscopeConfig } from './config/schema/root';
import { FleetState } from './fleet/state';
import { createHttpApp } from './http/app';
import { createMetricsRegistry } from './http/metrics';
import type { Logger } from './log';
import { PROJECT_ROOT } from './project-root';
import type { SimFleet } from './simulator/demo';
import type { ScenarioRequest } from './simulator/scenarios/runner';
import { StoreOpenFailed } from './store/faults';
import { registerStoreMetrics } from './store/metrics';
import { openSqliteStore } from './store/sqlite';
import { createStreamHub } from './stream/hub';
import { createReportFeed, STREAM_REPORT_INTERVAL_MS } from './stream/report-feed';
import { streamSettings } from './stream/settings';
import { runningPodsPoint } from './stream/spark';

export const DEFAULT_WEB_ROOT = path.join(PROJECT_ROOT, 'dist', 'web');

export interface StartOptions {
  /** A validated config; absent means the demo fleet. What it points at (kubeconfigs, tables, secrets) is read here, once. */
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
  /**
   * The bearer tokens wall screens are given. Until the token registry of
   * issue 17 is merged (then main.ts builds it from auth.tokens and
   * auth.tokensFile), only tests pass one; absent: no wall token flow.
   */
  tokens?: WallTokens & TokenRevocations;
}

export interface Fleetscope {
  /** http://HOST:PORT */
  url: string;
  fleet: FleetState;
  /** The simulated fleet when running the demo; null otherwise. */
  demo: SimFleet | null;
  /** Resolves once the first round of fetches of every source has finished. */
  firstRound: Promise<void>;
  /** The reports as the REST API, the stream and the alerts see them. */
  reports: ReportService;
  close(): Promise<void>;
}

function fleetOf(resolved: ResolvedConfig): FleetState {
  return new FleetState(
    resolved.clusters.map((c) => ({
      name: c.name,
      labels: c.labels,
      hasPrometheus: !!c.prometheus,
      staleAfterMs: c.prometheus?.staleAfter,
      hasKubernetes: !!c.kubernetes,
      eventRingSize: c.kubernetes?.eventRingSize,
    })),
  );
}

/**
 * The composition root: reads what the config points at (once), builds
 * every part with its dependencies passed in, and wires them together. A
 * config that does not resolve throws ConfigProblems; a store file that
 * cannot be used (read-only, corrupt, unreadable) throws StoreOpenFailed.
 */
export async function startFleetscope(options: StartOptions): Promise<Fleetscope> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const demo = options.config ? null : await startDemoFleet(options, logger);
  const config = options.config ?? demo?.config;
  if (!config) throw new Error('no config and no demo fleet');
  const result = resolveConfig(config);
  if (!result.ok) {
    await demo?.fleet.close();
    throw new ConfigProblems(result.problems);
  }
  const resolved = result.resolved;
  const storeFile = options.storePath ?? config.store.path;
  const opened = openSqliteStore(storeFile, { logger, now });
  if (!opened.ok) {
    await demo?.fleet.close();
    throw new StoreOpenFailed(storeFile, opened.fault);
  }
  const store = opened.store;

  const fleet = fleetOf(resolved);
  const sources = createFleetSources({ resolved, fleet, logger, now });
  const reports = createReportService({ fleet, settings: { reports: config.reports, tables: resolved.tables } });
  // First on every change: the inventory keeps the counters each report after it rates.
  const unobserve = fleet.onChange((name) => reports.observe(name, now()));

  let ready = false;
  let url = '';
  const metrics = createMetricsRegistry(() => fleet.snapshot());
  const externalUrl = (config.alerts.externalUrl ?? '').replace(/\/+$/, '');
  const existingLabel = new Map(resolved.clusters.map((c) => [c.name, c.prometheus?.existingClusterLabel ?? 'rename']));
  const alerts = await createAlertEngine({
    config: config.alerts,
    receivers: resolved.alertSecrets.receivers,
    inboundToken: resolved.alertSecrets.inboundToken,
    clusterLabelling: { label: config.clusterLabel, existing: (name) => existingLabel.get(name) ?? 'rename' },
    store,
    inventories: reports.inventories,
    skew: () => reports.skew(now()),
    cost: () => reports.cost(now()),
    externalUrl: () => externalUrl || url,
    logger,
    now,
  });
  alerts.registerMetrics(metrics);
  registerStoreMetrics(metrics, () => store.health());
  const host = options.host ?? config.server.host;
  const baseUrl = () => (config.server.externalUrl ?? url).replace(/\/+$/, '');
  const cookieAuth = createCookieAuth({
    auth: config.auth,
    store,
    tokens: options.tokens,
    baseUrl,
    secure: config.server.externalUrl?.startsWith('https:') ?? false,
    hasExternalUrl: config.server.externalUrl !== undefined,
    listensOnLoopback: host === 'localhost' || host === '::1' || host.startsWith('127.'),
    onSignedOut: (credential) => hub.closeCredential(credential, 'signed out'),
    logger,
    now,
  });
  if (!cookieAuth.ok) {
    await alerts.close();
    await store.close();
    await demo?.fleet.close();
    throw new ConfigProblems(cookieAuth.problems);
  }
  const { authenticators, router: authRouter } = cookieAuth.cookieAuth;
  const app = createHttpApp({
    health: () => reports.fleetHealth(now()),
    ready: () => ready,
    store: () => store.health(),
    metrics,
    logger,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    events: { events: () => fleet.events(), now },
    reports: { inventories: reports.inventories, now, settings: reports.settings },
    cluster: { inventory: reports.inventory, health: reports.health, now },
    costHistory: { history: (day) => store.dailyCostHistory(day), now },
    federation: { snapshot: () => fleet.snapshot(), now, clusterLabel: config.clusterLabel },
    query: { targets: () => sources.queryTargets, now },
    alerts,
    auth: {
      access: interimAccess({ authenticators, logger }),
      csrf: csrfProtection({ identityOf, trustedOrigins: config.server.externalUrl ? [config.server.externalUrl] : [], logger }),
      routes: [authRouter, interimMeRouter({ open: authenticators.length === 0 })],
    },
  });
  const server = http.createServer(app);
  const hub = createStreamHub({
    server,
    logger,
    now,
    settings: streamSettings(config.server.stream, config.reports.health.staleAfter),
    serverStatus: () => ({ store: store.health() }),
    authenticate: async (request) => {
      const result = await authenticateRequest(authenticators, request);
      return result.kind === 'ok' ? result.identity : null;
    },
  });
  const unsubscribeRevoked = options.tokens?.onRevoked((credential) => hub.closeCredential(credential, 'token revoked'));
  const publishCluster = (name: string) => {
    const inventory = reports.inventory(name, now());
    if (inventory) hub.publishCluster(reports.health(inventory), runningPodsPoint(inventory));
  };
  for (const cluster of resolved.clusters) publishCluster(cluster.name);
  const unsubscribe = fleet.onChange(publishCluster);
  const unsubscribeEvents = fleet.onEvents((_cluster, events) => hub.publishEvents(events));
  const reportFeed = createReportFeed({
    publisher: hub,
    compute: () => {
      const at = now();
      return { cost: reports.cost(at), skew: reports.skew(at) };
    },
    intervalMs: STREAM_REPORT_INTERVAL_MS,
    logger,
  });

  url = await listen(server, host, options.port ?? config.server.port);
  logger.info({ url, clusters: resolved.clusters.length }, 'fleetscope listening');

  // Every source starts its own cycle at once: one slow cluster's first fetch delays no other's second.
  // Ready (and alerting) once each source's first attempt is in, success or failure.
  const firstAttempts = sources.workers.map((w) => (options.oneRound ? w.runOnce() : w.start()));
  const firstRound = Promise.all(firstAttempts).then(() => {
    ready = true;
    reportFeed.refresh();
    if (options.oneRound) return;
    alerts.start();
    logger.info('first round of fetches finished; ready');
  });

  return {
    url,
    fleet,
    demo: demo?.fleet ?? null,
    firstRound,
    reports,
    async close() {
      for (const w of sources.workers) w.stop();
      unsubscribe();
      unobserve();
      unsubscribeEvents();
      unsubscribeRevoked?.();
      reportFeed.stop();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await alerts.close();
      await store.close();
      await demo?.fleet.close();
    },
  };
}
