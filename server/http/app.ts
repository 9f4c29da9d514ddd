import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Registry } from 'prom-client';
import type { FleetHealth } from '../../shared/health';
import type { StoreHealth } from '../../shared/server-status';
import type { AlertEngine } from '../alerts/engine';
import type { AuditLog } from '../auth/audit';
import type { Gate } from '../auth/gate';
import type { ConfigReloader } from '../auth/reload';
import type { RateLimitSettings } from '../auth/web-config/types';
import type { Logger } from '../log';
import type { BuildInfo } from '../build-info';
import { createAlertsRouter } from './alerts';
import { createAlertmanagerApiRouter } from './alertmanager-v2/router';
import { createAuditRouter } from './audit';
import { createClusterRouter, type ClusterRouteOptions } from './cluster';
import { createCostHistoryRouter, type CostHistoryRouteOptions } from './cost-history';
import { errorHandler, notFound, onlyMethods } from './errors';
import { createEventsRouter, type EventsRouteOptions } from './events';
import { createFederateRouter, type FederateRouteOptions } from './federate';
import { accessGuard } from './guard';
import { createMeRouter } from './me';
import { createPrometheusApiRouter, type PrometheusApiOptions } from './prometheus-api/router';
import { rateLimit } from './rate-limit';
import { createReloadRouter } from './reload';
import { createReportsRouter, type ReportsRouteOptions } from './reports';
import { listRoutes } from './routes';
import { securityHeaders, type SecurityHeadersOptions } from './security-headers';
import { createSilenceChanges } from './silence-changes';

/** Who may do what: the gate every request passes first, and what the access routes read and do. */
export interface HttpAccessOptions {
  gate: Gate;
  /** The audit log: GET /api/audit, and where silences created and expired are recorded. */
  audit: AuditLog;
  /** POST /-/reload. */
  reloader: ConfigReloader;
  /** Refuses a cookie identity's cross-site changes (server/auth/csrf.ts); runs after the gate, which found the identity. */
  csrf?: RequestHandler;
  /** The sign-in routes (/auth/*: the OpenID Connect login, the wall's cookie); public in the access table, each checks what it needs. */
  routers?: readonly Router[];
}

export interface HttpAppOptions {
  access: HttpAccessOptions;
  health: () => FleetHealth;
  /** False until the first round of fetches has finished. */
  ready: () => boolean;
  /** The store's health: /readyz fails while it does not work. */
  store?: () => StoreHealth;
  metrics: Registry;
  /** Where errors of routes are logged (with the request id their 500 answer names). */
  logger: Logger;
  /** Folder of the built web app (vite build output); served with an SPA fallback. */
  webRoot: string;
  /** The event feed behind /api/events; absent, the route answers 404. */
  events?: EventsRouteOptions;
  /** The fleet's series behind GET /federate; absent, the route is not mounted. */
  federation?: FederateRouteOptions;
  /** Per-cluster Prometheus APIs behind /api/v1 (query, query_range, series, labels, label values, metadata: fanned out; buildinfo); absent, not mounted. */
  query?: PrometheusApiOptions;
  /** The alerting pipeline behind /api/alertmanager, /api/alerts, /api/silences, /api/notifications and Alertmanager's API v2 (/api/v2). */
  alerts?: AlertEngine;
  /** What this build is and when it started: /api/v2/status. */
  build: { info: BuildInfo; startedAt: number };
  /** Health, cost and skew reports behind /api/reports; absent, the route answers 404. */
  reports?: ReportsRouteOptions;
  /** One cluster's health, nodes and failing pods behind GET /api/clusters/:name; absent, 404. */
  cluster?: ClusterRouteOptions;
  /** The stored daily cost behind GET /api/reports/cost/history; absent, 404. */
  costHistory?: CostHistoryRouteOptions;
  /** Security headers on every answer (helmet's, HSTS when serving TLS, the web configuration file's); absent: helmet's over plain HTTP. */
  security?: SecurityHeadersOptions;
  /** The web configuration file's rate_limit over every request; absent or null: none. */
  rateLimit?: () => RateLimitSettings | null;
}

/**
 * The REST surface. Routes read state through the functions passed in; none
 * of them owns state. Every request passes the access guard first; a route
 * without an access rule (server/http/access.ts) is a programmer error.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(options.security ?? { tls: false }));
  if (options.rateLimit) app.use(rateLimit(options.rateLimit));
  app.use(accessGuard(options.access.gate));
  if (options.access.csrf) app.use(options.access.csrf);
  for (const router of options.access.routers ?? []) app.use(router);

  app
    .route('/healthz')
    .get((_req, res) => {
      res.type('text/plain').send('ok\n');
    })
    .all(onlyMethods('GET'));
  /** Why the server is not ready (the store failing, the first round of scrapes), or null when it is. */
  const notReady = (): string | null => {
    const store = options.store?.() ?? { ok: true };
    if (!store.ok) return `the store is not working (${store.problem}): ${store.message}`;
    return options.ready() ? null : 'first round of scrapes still running';
  };
  app
    .route('/readyz')
    .get((_req, res) => {
      const why = notReady();
      if (why) res.status(503).type('text/plain').send(`not ready: ${why}\n`);
      else res.type('text/plain').send('ready\n');
    })
    .all(onlyMethods('GET'));
  // Prometheus' and Alertmanager's probe paths, worded as they word theirs, so a probe written for them works here.
  app
    .route('/-/healthy')
    .get((_req, res) => {
      res.type('text/plain').send('fleetscope is Healthy.\n');
    })
    .all(onlyMethods('GET'));
  app
    .route('/-/ready')
    .get((_req, res) => {
      const why = notReady();
      if (why) res.status(503).type('text/plain').send(`fleetscope is not ready: ${why}.\n`);
      else res.type('text/plain').send('fleetscope is Ready.\n');
    })
    .all(onlyMethods('GET'));
  app
    .route('/metrics')
    .get(async (_req, res) => {
      res.type(options.metrics.contentType).send(await options.metrics.metrics());
    })
    .all(onlyMethods('GET'));
  if (options.federation) app.use(createFederateRouter(options.federation));
  if (options.query) app.use('/api/v1', createPrometheusApiRouter(options.query));
  app
    .route('/api/clusters')
    .get((_req, res) => {
      res.json(options.health());
    })
    .all(onlyMethods('GET'));
  if (options.cluster) app.use('/api/clusters', createClusterRouter(options.cluster));
  if (options.costHistory) app.use('/api/reports/cost/history', createCostHistoryRouter(options.costHistory));
  if (options.events) app.use('/api/events', createEventsRouter(options.events));
  if (options.reports) app.use('/api/reports', createReportsRouter(options.reports));
  if (options.alerts) {
    const changes = createSilenceChanges({ silences: options.alerts.silences, audit: options.access.audit, now: Date.now });
    app.use('/api', createAlertsRouter({ engine: options.alerts, changes }));
    app.use('/api/v2', createAlertmanagerApiRouter({ engine: options.alerts, changes, build: options.build.info, startedAt: options.build.startedAt }));
  }
  app.use('/api', createMeRouter({ mode: options.access.gate.mode }));
  app.use('/api', createAuditRouter(options.access.audit));
  app.use('/api', notFound('no such API route'));
  app.use(createReloadRouter(options.access.reloader));
  // Paths of the server's own (Prometheus-style) surface are never the web app: an unknown one is a 404 a probe or a client can see.
  app.use(['/-', '/federate', '/metrics', '/auth'], notFound('no such route'));

  const index = path.join(options.webRoot, 'index.html');
  app.use(
    express.static(options.webRoot, {
      index: 'index.html',
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file.endsWith('index.html')) res.setHeader('cache-control', 'no-cache');
      },
    }),
  );
  app.use((req, res, next) => {
    if (req.method !== 'GET' || !existsSync(index)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  app.use(notFound('not found'));
  app.use(errorHandler(options.logger));
  const unruled = listRoutes(app).filter((r) => r.rule === undefined);
  if (unruled.length) throw new Error(`routes without an access rule in server/http/access.ts: ${unruled.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  return app;
}
