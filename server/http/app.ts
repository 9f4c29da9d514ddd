import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Registry } from 'prom-client';
import type { FleetHealth } from '../../shared/health';
import type { StoreHealth } from '../../shared/server-status';
import type { AlertEngine } from '../alerts/engine';
import type { Logger } from '../log';
import { createAlertsRouter } from './alerts';
import { createClusterRouter, type ClusterRouteOptions } from './cluster';
import { createCostHistoryRouter, type CostHistoryRouteOptions } from './cost-history';
import { errorHandler, notFound, onlyMethods } from './errors';
import { createEventsRouter, type EventsRouteOptions } from './events';
import { createFederateRouter, type FederateRouteOptions } from './federate';
import { createQueryRouter, type QueryRouteOptions } from './query';
import { createReportsRouter, type ReportsRouteOptions } from './reports';

export interface HttpAppOptions {
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
  /** Per-cluster Prometheus APIs behind /api/v1/query and /api/v1/query_range (fan-out); absent, not mounted. */
  query?: QueryRouteOptions;
  /** The alerting pipeline behind /api/alertmanager, /api/alerts, /api/silences, /api/notifications. */
  alerts?: AlertEngine;
  /** Health, cost and skew reports behind /api/reports; absent, the route answers 404. */
  reports?: ReportsRouteOptions;
  /** One cluster's health, nodes and failing pods behind GET /api/clusters/:name; absent, 404. */
  cluster?: ClusterRouteOptions;
  /** The stored daily cost behind GET /api/reports/cost/history; absent, 404. */
  costHistory?: CostHistoryRouteOptions;
  /**
   * Who is calling (docs/security.md), before every route: `access`
   * authenticates and refuses what the role does not allow, `csrf` refuses a
   * cookie identity's cross-site changes, `routes` are the sign-in routes
   * (/auth/*) and GET /api/me. Absent: open.
   */
  auth?: { access: RequestHandler; csrf: RequestHandler; routes: readonly Router[] };
}

/** The REST surface. Routes read state through the functions passed in; none of them owns state. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.auth) {
    app.use(options.auth.access, options.auth.csrf);
    for (const router of options.auth.routes) app.use(router);
  }

  app
    .route('/healthz')
    .get((_req, res) => {
      res.type('text/plain').send('ok\n');
    })
    .all(onlyMethods('GET'));
  app
    .route('/readyz')
    .get((_req, res) => {
      const store = options.store?.() ?? { ok: true };
      if (!store.ok) res.status(503).type('text/plain').send(`not ready: the store is not working (${store.problem}): ${store.message}\n`);
      else if (options.ready()) res.type('text/plain').send('ready\n');
      else res.status(503).type('text/plain').send('not ready: first round of scrapes still running\n');
    })
    .all(onlyMethods('GET'));
  app
    .route('/metrics')
    .get(async (_req, res) => {
      res.type(options.metrics.contentType).send(await options.metrics.metrics());
    })
    .all(onlyMethods('GET'));
  if (options.federation) app.use(createFederateRouter(options.federation));
  if (options.query) app.use('/api/v1', createQueryRouter(options.query));
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
  if (options.alerts) app.use('/api', createAlertsRouter(options.alerts));
  app.use('/api', notFound('no such API route'));

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
  return app;
}
