import path from 'node:path';
import { createAlertEngine } from './alerts/engine';
import { AccessRefused, decideAccess, isLoopback } from './auth/access-mode';
import { createAuditLog, type AuditActor } from './auth/audit';
import { createBasicAuthenticator } from './auth/basic-authenticator';
import { createCookieAuth } from './auth/cookie-auth';
import { csrfProtection } from './auth/csrf';
import { createConfigReloader, type Reloadable, type ReloadResult } from './auth/reload';
import { configuredWays } from './auth/resolve-auth';
import { registerWebConfigMetrics } from './auth/web-config/metrics';
import { formatWebConfigProblem } from './auth/web-config/types';
import { wallTokensOf } from './auth/wall/registry-tokens';
import { createWebConfigWatcher, type WebConfigWatcher } from './auth/web-config/watcher';
import { composeAccess } from './compose/access';
import { startDemoFleet } from './compose/demo';
import { listen } from './compose/listen';
import { createRemoteWrite } from './compose/remote-write';
import { changesTimeline } from './compose/changes';
import { wallSettings } from './compose/wall';
import { createReportService, type ReportService } from './compose/reports';
import { createSharding, type ClusterSummary, type Sharding } from './compose/sharding';
import { ConfigProblems, resolveConfig, type ResolvedConfig } from './compose/resolve-config';
import { createFleetSources } from './compose/sources';
import { createWebServer } from './compose/web-server';
import type { TokenEntry } from './config/schema/auth';
import type { FleetscopeConfig } from './config/schema/root';
import { FleetState } from './fleet/state';
import { createHttpApp } from './http/app';
import { callerOf } from './http/guard';
import { createMetricsRegistry } from './http/metrics';
import { registerSelfMetrics } from './http/self-metrics';
import { registerRemoteWriteMetrics } from './remote-write/metrics';
import { STREAM_RULE } from './http/access';
import { listRoutes, type RouteEntry } from './http/routes';
import type { Logger } from './log';
import { PROJECT_ROOT } from './project-root';
import { readBuildInfo, type BuildInfo } from './build-info';
import { firingGroups } from './alerts/firing-groups';
import type { SimFleet } from './simulator/demo';
import type { ScenarioRequest } from './simulator/scenarios/runner';
import { apiServerKey } from './reports/argo-destination';
import { StoreOpenFailed } from './store/faults';
import { registerStoreMetrics } from './store/metrics';
import { openStore } from './store/open-store';
import type { StoreChoice } from './store/resolve-store';
import { createStreamHub } from './stream/hub';
import { createReportFeed, STREAM_ALERTS_INTERVAL_MS, STREAM_REPORT_INTERVAL_MS } from './stream/report-feed';
import { streamSettings } from './stream/settings';
import { createPrometheusSparks } from './stream/prometheus-spark';
import { createSparkFeed } from './stream/spark';
import { createEventHistory, createEventMirror, loadEvents } from './history/event-history';
import { createChangeHistory } from './history/change-history';
import { createStatusHistory } from './history/status-history';

/** How often history is written to the store (and read back by a replica that does not lead). */
const HISTORY_SYNC_MS = 1_000;
/** A tile's sparkline: warning events per minute over the last hour (containers waiting, from the cluster's Prometheus, without the Kubernetes API; the hub keeps 60 points). */
const SPARK_MINUTES = 60;

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
  /** SQLite file of alert state, outbox and silences; overrides the config's store (store.path or store.postgres: tests and the report command pass a temp file). */
  storePath?: string;
  /** One round only (the report command): every source fetches once, then nothing polls and no alert is evaluated (see Fleetscope.nextRound). */
  oneRound?: boolean;
  /** How old a cluster's earlier scrape must be to rate its counters against (default 1 minute; the report command's --rate-window). */
  counterMinAgeMs?: number;
  /** The Prometheus web configuration file (--web.config.file); overrides the config's server.webConfigFile. */
  webConfigFile?: string;
  /** What this build is (default: read from package.json and the checkout); tests give another to play an upgrade. */
  build?: BuildInfo;
}

export interface Fleetscope {
  /** http://HOST:PORT, or https://HOST:PORT when the web configuration file has tls_server_config. */
  url: string;
  fleet: FleetState;
  /** The simulated fleet when running the demo; null otherwise. */
  demo: SimFleet | null;
  /** Resolves once the first round of fetches of every source has finished. */
  firstRound: Promise<void>;
  /** The clusters whose first round is not finished yet (a source still fetching), in config order. */
  firstRoundWaiting(): string[];
  /** With `oneRound`: every source fetches once more (the report command's second scrape, to rate counters). */
  nextRound(): Promise<void>;
  /** The reports as the REST API, the stream and the alerts see them. */
  reports: ReportService;
  /** Every route of the HTTP app with its access rule (the route × role test is built from it). */
  routes: readonly RouteEntry[];
  /** Re-reads the tokens file and the web configuration file (SIGHUP; POST /-/reload does the same). */
  reload(by: AuditActor): Promise<ReloadResult>;
  close(): Promise<void>;
}

/** The web configuration file as a part of the config reload (SIGHUP, POST /-/reload). */
function webConfigReloadable(watcher: WebConfigWatcher): Reloadable {
  return {
    name: 'server.webConfigFile',
    reload() {
      const outcome = watcher.reload();
      if (!outcome.ok) return { ok: false, problems: outcome.problems.map(formatWebConfigProblem) };
      return { ok: true, changes: outcome.changed ? ['re-read'] : [] };
    },
  };
}

/** Each cluster's Kubernetes API server URL → its name: what names an Argo CD destination as a fleet cluster. */
function apiServersOf(resolved: ResolvedConfig): ReadonlyMap<string, string> {
  return new Map([...resolved.kube].map(([name, kube]) => [apiServerKey(kube.server), name]));
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
 * config that does not resolve throws ConfigProblems; listening on an
 * address other than loopback with no way of authenticating configured
 * throws AccessRefused; a store that cannot be used (a SQLite file
 * read-only, corrupt, unreadable; PostgreSQL unreachable) throws
 * StoreOpenFailed.
 */
export async function startFleetscope(options: StartOptions): Promise<Fleetscope> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const demo = options.config ? null : await startDemoFleet(options, logger);
  const given = options.config ?? demo?.config;
  if (!given) throw new Error('no config and no demo fleet');
  const config = options.webConfigFile === undefined ? given : { ...given, server: { ...given.server, webConfigFile: options.webConfigFile } };
  const result = resolveConfig(config);
  if (!result.ok) {
    await demo?.fleet.close();
    throw new ConfigProblems(result.problems);
  }
  const resolved = result.resolved;
  const listenHost = options.host ?? config.server.host;
  const webUsers = resolved.webConfig?.config.users.size ? ['server.webConfigFile (basic_auth_users)'] : [];
  const access = decideAccess({ mode: config.auth.mode, configured: [...configuredWays(config.auth), ...webUsers], listenHost });
  if (!access.ok) {
    await demo?.fleet.close();
    throw new AccessRefused(access.message);
  }
  if (access.mode === 'none')
    logger.warn(
      { component: 'auth', host: listenHost },
      `auth.mode is none: access control is off, and anyone who can reach ${listenHost} may read everything, silence alerts and reload the config`,
    );
  const storeChoice: StoreChoice = options.storePath === undefined ? resolved.store : { kind: 'sqlite', path: options.storePath };
  const opened = await openStore({ choice: storeChoice, logger, now });
  if (!opened.ok) {
    await demo?.fleet.close();
    throw new StoreOpenFailed(opened.where, opened.fault);
  }
  const store = opened.store;
  // The report command's one round scrapes every cluster itself.
  const shards = config.sharding.enabled && !options.oneRound ? store.shards : undefined;
  if (config.sharding.enabled && !options.oneRound && !shards) {
    await store.close();
    await demo?.fleet.close();
    throw new ConfigProblems(['sharding.enabled: sharding needs store.postgres (the store in use is a SQLite file)']);
  }

  const fleet = fleetOf(resolved);
  const retentionMs = config.store.historyRetention;
  // The alert engine, made below, says whether this replica leads: only the leader writes history. In a sharded fleet, each cluster's history is written by the replica that scrapes it.
  let leads = () => false;
  // Made once the report service and the alert engine it reads exist.
  let sharding: Sharding | null = null;
  const writesHistory = (cluster: string) => (shards ? (sharding?.local(cluster) ?? false) : leads());
  const statusHistory = await createStatusHistory({ store, retentionMs, writes: writesHistory, readsBack: () => !!shards || !leads(), logger, now });
  fleet.restoreEvents(await loadEvents({ store, retentionMs, limit: 100_000, logger, now }));
  const eventHistory = createEventHistory({ store, writes: writesHistory, logger });
  const changeHistory = await createChangeHistory({ store, retentionMs, writes: writesHistory, readsBack: () => !!shards || !leads(), logger, now });
  const sources = createFleetSources({ resolved, fleet, logger, now, ...(shards && { accepts: (w) => sharding?.sources.accepts(w) ?? false }) });
  // Sharded: the sharding's sources start the workers of the clusters this replica owns.
  const workers = shards ? [] : resolved.clusters.flatMap((c) => sources.workersFor(c.name));
  const reports = createReportService({
    fleet,
    settings: { reports: config.reports, tables: resolved.tables, apiServers: apiServersOf(resolved) },
    history: statusHistory,
    ...(options.counterMinAgeMs !== undefined && { counterMinAgeMs: options.counterMinAgeMs }),
    ...(shards && { remote: { part: (cluster) => sharding?.remote(cluster) ?? null, version: () => sharding?.version() ?? 0 } }),
  });
  // First on every change: the inventory keeps the counters each report after it rates.
  const unobserve = fleet.onChange((name) => reports.observe(name, now()));

  let ready = false;
  let url = '';
  const metrics = createMetricsRegistry(() => fleet.snapshot());
  const webConfig = resolved.webConfig && createWebConfigWatcher({ initial: resolved.webConfig, logger, now });
  if (webConfig) {
    registerWebConfigMetrics(metrics, webConfig);
    const { file, tls, users } = webConfig.current();
    logger.info({ file, tls: tls !== null, clientAuth: tls?.clientAuth, users: users.size }, 'web config read');
  }
  const externalUrl = (config.alerts.externalUrl ?? '').replace(/\/+$/, '');
  const existingLabel = new Map(resolved.clusters.map((c) => [c.name, c.prometheus?.existingClusterLabel ?? 'rename']));
  const alerts = await createAlertEngine({
    config: config.alerts,
    receivers: resolved.alertSecrets.receivers,
    inboundToken: resolved.alertSecrets.inboundToken,
    clusterLabelling: { label: config.clusterLabel, existing: (name) => existingLabel.get(name) ?? 'rename' },
    store,
    inventories: shards ? (at) => reports.inventories(at).filter((c) => sharding?.local(c.cluster)) : reports.inventories,
    ...(shards && { remote: () => sharding?.candidates() ?? { candidates: [], blind: [] } }),
    skew: () => reports.skew(now()),
    hygiene: () => reports.hygiene(now()),
    cost: () => reports.cost(now()),
    externalUrl: () => externalUrl || url,
    ...(storeChoice.kind === 'postgres' ? { leaderElection: { leaseDurationMs: storeChoice.leaseDurationMs, retryPeriodMs: storeChoice.retryPeriodMs } } : {}),
    logger,
    now,
  });
  alerts.registerMetrics(metrics);
  leads = () => alerts.leads();
  if (shards) {
    sharding = createSharding({
      config: config.sharding,
      shards,
      clusters: resolved.clusters.map((c) => c.name),
      fleet,
      sources: () => sources,
      url: () => url,
      summariesOf: (clusters) => summariesOf(clusters),
      changed: (cluster) => publishCluster(cluster),
      logger,
      now,
    });
    const active = sharding.sources;
    sharding.membership.register(metrics, () => active.active());
  }
  registerStoreMetrics(metrics, () => store.health());
  // Read once: /metrics' fleetscope_build_info and /api/v2/status say the same.
  const build = options.build ?? readBuildInfo();
  registerSelfMetrics(metrics, { build, health: () => reports.fleetHealth(now()) });
  const baseUrl = () => (config.server.externalUrl ?? url).replace(/\/+$/, '');
  // The wall's cookie stands on a bearer token: it reads the tokens in force, which the token registry made in composeAccess holds.
  let tokensInForce: () => readonly TokenEntry[] = () => [];
  const usesTokens = config.auth.tokens.length > 0 || config.auth.tokensFile !== undefined;
  const cookieAuth = createCookieAuth({
    auth: config.auth,
    store,
    ...(usesTokens ? { tokens: wallTokensOf(() => tokensInForce()) } : {}),
    baseUrl,
    secure: webConfig?.current().tls != null || (config.server.externalUrl?.startsWith('https:') ?? false),
    hasExternalUrl: config.server.externalUrl !== undefined,
    listensOnLoopback: isLoopback(listenHost),
    onSignedOut: (credential) => hub.closeCredential(credential, 'signed out'),
    logger,
    now,
  });
  if (!cookieAuth.ok) {
    webConfig?.close();
    await alerts.close();
    await store.close();
    await demo?.fleet.close();
    throw new ConfigProblems(cookieAuth.problems);
  }
  const signIn = cookieAuth.cookieAuth;
  const audit = createAuditLog({ store, logger, now });
  const accessControl = composeAccess({
    config,
    mode: access.mode,
    resolved: resolved.auth,
    listenHost,
    inbound: { configured: resolved.alertSecrets.inboundToken !== null, allowed: (authorization) => alerts.inbound.allowed(authorization) },
    audit,
    // Called on a change of the tokens, which comes after the hub below exists.
    closeCredential: (credential, reason) => hub.closeCredential(credential, reason),
    authenticators: ({ tokens }) => {
      tokensInForce = tokens;
      return [...(webConfig ? [createBasicAuthenticator({ users: () => webConfig.users(), roles: config.auth.users, now })] : []), ...signIn.authenticators];
    },
    reloadables: webConfig ? [webConfigReloadable(webConfig)] : [],
    logger,
    now,
  });
  const reloader = createConfigReloader({ parts: accessControl.reloadables, audit, logger });
  const app = createHttpApp({
    access: {
      gate: accessControl.gate,
      audit,
      reloader,
      csrf: csrfProtection({
        identityOf: (req) => callerOf(req).identity ?? undefined,
        trustedOrigins: config.server.externalUrl ? [config.server.externalUrl] : [],
        logger,
      }),
      routers: [signIn.router],
    },
    health: () => reports.fleetHealth(now()),
    ready: () => ready && (sharding?.up() ?? true),
    store: () => store.health(),
    metrics,
    logger,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    events: { events: () => fleet.events(), now },
    reports: {
      clusters: () => resolved.clusters.map((c) => ({ name: c.name, labels: c.labels })),
      report: (kind, at, only) => reports.report(kind, at, only),
      now,
      availability: { transitions: (name, from) => statusHistory.transitions(name, from), retentionMs },
    },
    cluster: {
      inventory: reports.inventory,
      health: reports.health,
      transitions: (name, from) => statusHistory.transitions(name, from),
      retentionMs,
      now,
      ...(sharding && { scrapedBy: (name: string) => sharding?.federationPlan(new Set([name])).elsewhere[0] ?? null }),
    },
    costHistory: { history: (day) => store.dailyCostHistory(day), now },
    federation: {
      snapshot: () => fleet.snapshot(),
      now,
      clusterLabel: config.clusterLabel,
      ...(sharding && { plan: (asked?: ReadonlySet<string>) => sharding?.federationPlan(asked) ?? { here: new Set(), elsewhere: [], nowhere: [] } }),
    },
    query: { targets: () => sources.queryTargets, now },
    alerts,
    build: { info: build, startedAt: now() },
    security: { tls: webConfig?.current().tls != null, configured: () => webConfig?.current().headers ?? {} },
    rateLimit: () => webConfig?.current().rateLimit ?? null,
  });
  const server = createWebServer({ app, webConfig, logger });
  const hub = createStreamHub({
    server,
    logger,
    now,
    settings: streamSettings(config.server.stream, config.reports.health.staleAfter),
    serverStatus: () => ({ store: store.health(), ...(webConfig ? { webConfig: webConfig.health() } : {}) }),
    build: { version: build.version, revision: build.revision },
    wall: wallSettings(config.wall),
    admit: (req) => accessControl.gate.judge(req, STREAM_RULE, 'GET /ws'),
  });
  const withoutKubernetes = new Set(resolved.clusters.filter((c) => !c.kubernetes && c.prometheus).map((c) => c.name));
  const prometheusSparks = createPrometheusSparks({
    targets: () => sources.queryTargets,
    wanted: (cluster) => withoutKubernetes.has(cluster),
    minutes: SPARK_MINUTES,
    now,
    onPoints: (cluster) => publishCluster(cluster),
    logger,
  });
  const sparks = createSparkFeed(SPARK_MINUTES, (cluster) => prometheusSparks.points(cluster));
  const publishCluster = (name: string) => {
    const at = now();
    const summary = sharding?.remote(name);
    const remoteHealth = summary && reports.remoteHealth(name, at);
    if (summary && remoteHealth) return hub.publishCluster(remoteHealth, summary.spark);
    const inventory = reports.inventory(name, at);
    if (inventory) hub.publishCluster(reports.health(inventory), sparks.points(name, inventory, at));
  };
  /** What a sharded replica writes of its clusters for the others: their parts, sparklines and alert candidates, at one time. */
  const summariesOf = (clusters: readonly string[]): ReadonlyMap<string, ClusterSummary> => {
    const at = now();
    const inventories = clusters.flatMap((name) => reports.inventory(name, at) ?? []);
    const found = alerts.clusterCandidates(inventories, at);
    const out = new Map<string, ClusterSummary>();
    for (const inventory of inventories) {
      const name = inventory.cluster;
      const parts = reports.localParts(name, at);
      if (!parts) continue;
      out.set(name, {
        at,
        parts,
        spark: sparks.points(name, inventory, at),
        alerts: { candidates: found.candidates.filter((c) => c.labels.cluster === name), blind: found.blind.filter((c) => c === name) },
      });
    }
    return out;
  };
  if (withoutKubernetes.size > 0) prometheusSparks.start();
  for (const cluster of resolved.clusters) publishCluster(cluster.name);
  const unsubscribe = fleet.onChange(publishCluster);
  const unsubscribeEvents = fleet.onEvents((_cluster, events) => {
    hub.publishEvents(events);
    eventHistory.record(events);
  });
  statusHistory.start(HISTORY_SYNC_MS);
  eventHistory.start(HISTORY_SYNC_MS);
  // Sharded: the events of the clusters the other replicas watch, read back from the store into this replica's feed.
  const eventMirror =
    shards &&
    createEventMirror({
      store,
      mirrors: (cluster) => !(sharding?.local(cluster) ?? false),
      apply: (events) => fleet.mirrorEvents(events),
      changed: (events) => hub.publishEvents(events),
      retentionMs,
      logger,
      now,
    });
  eventMirror?.start(HISTORY_SYNC_MS);
  const changes = changesTimeline({
    inventories: reports.inventories,
    clusters: () => resolved.clusters.map((c) => c.name),
    transitions: (name, from) => statusHistory.transitions(name, from),
    events: () => fleet.events(),
    history: changeHistory,
  });
  changeHistory.start(HISTORY_SYNC_MS);
  const reportFeed = createReportFeed({
    publisher: hub,
    compute: () => {
      const at = now();
      return { cost: reports.cost(at), skew: reports.skew(at), hygiene: reports.hygiene(at), changes: changes(at) };
    },
    intervalMs: STREAM_REPORT_INTERVAL_MS,
    logger,
  });
  const alertFeed = createReportFeed({
    publisher: hub,
    compute: () => ({ alerts: firingGroups({ alerts: alerts.alerts(), route: alerts.route, now: now() }) }),
    intervalMs: STREAM_ALERTS_INTERVAL_MS,
    logger,
  });

  const remoteWrite = createRemoteWrite({
    configs: config.remoteWrite,
    fleet,
    userAgent: `fleetscope/${build.version}`,
    writes: (cluster) => (sharding ? sharding.owns(cluster) : leads()),
    logger,
    now,
  });
  registerRemoteWriteMetrics(metrics, () => remoteWrite.stats());

  url = await listen(server, listenHost, options.port ?? config.server.port);
  logger.info({ url, clusters: resolved.clusters.length, access: access.mode }, 'fleetscope listening');

  // Every source starts its own cycle at once: one slow cluster's first fetch delays no other's second.
  // Ready (and alerting) once each source's first attempt is in, success or failure.
  const unfinished = new Map<string, number>();
  for (const w of workers) unfinished.set(w.cluster, (unfinished.get(w.cluster) ?? 0) + 1);
  const firstAttempts = workers.map((w) =>
    (options.oneRound ? w.runOnce() : w.start()).then(() => {
      const left = (unfinished.get(w.cluster) ?? 1) - 1;
      if (left > 0) unfinished.set(w.cluster, left);
      else unfinished.delete(w.cluster);
    }),
  );
  // Sharded: the heartbeat, then the clusters it gives this replica, each one's first attempt.
  const firstRound = Promise.all([...firstAttempts, sharding?.start()]).then(() => {
    ready = true;
    reportFeed.refresh();
    alertFeed.refresh();
    if (options.oneRound) return;
    alerts.start();
    logger.info('first round of fetches finished; ready');
  });

  return {
    url,
    fleet,
    demo: demo?.fleet ?? null,
    firstRound,
    firstRoundWaiting: () => (sharding ? sharding.sources.waiting() : [...unfinished.keys()]),
    nextRound: async () => {
      await Promise.all(workers.map((w) => w.runOnce()));
    },
    reports,
    routes: listRoutes(app),
    reload: (by) => reloader.reload(by),
    async close() {
      for (const w of workers) w.stop();
      await sharding?.close();
      await eventMirror?.close();
      accessControl.close();
      unsubscribe();
      unobserve();
      unsubscribeEvents();
      reportFeed.stop();
      alertFeed.stop();
      prometheusSparks.stop();
      webConfig?.close();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await remoteWrite.close();
      await statusHistory.close();
      await eventHistory.close();
      await changeHistory.close();
      await alerts.close();
      await store.close();
      await demo?.fleet.close();
    },
  };
}
