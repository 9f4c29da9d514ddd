import express, { Router } from 'express';
import { onlyMethods } from '../errors';
import { prometheusBuildInfo, type BuildInfo } from './build-info';
import { success } from './envelope';
import { labelsHandler, labelValuesHandler, metadataHandler, seriesHandler } from './lookups';
import { queryHandler, type QueryRouteOptions } from './query';

/** What fleetscope's Prometheus HTTP API needs. */
export interface PrometheusApiOptions extends QueryRouteOptions {
  /** What /status/buildinfo answers; default prometheusBuildInfo(). */
  buildInfo?: BuildInfo;
}

/**
 * The Prometheus HTTP API as Grafana's Prometheus data source and promtool
 * use it (https://prometheus.io/docs/prometheus/latest/querying/api/),
 * mounted at /api/v1: every request fanned out to each cluster's own
 * Prometheus and the answers merged (merge.ts); POST takes form bodies where
 * Prometheus does. docs/api.md says what the fan-out means.
 */
export function createPrometheusApiRouter(options: PrometheusApiOptions): Router {
  const router = Router();
  const buildInfo = options.buildInfo ?? prometheusBuildInfo();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));
  router.get('/query', queryHandler(options, false));
  router.post('/query', queryHandler(options, false));
  router.get('/query_range', queryHandler(options, true));
  router.post('/query_range', queryHandler(options, true));
  router.all(['/query', '/query_range'], onlyMethods('GET', 'POST'));
  router.get('/series', seriesHandler(options));
  router.post('/series', seriesHandler(options));
  router.all('/series', onlyMethods('GET', 'POST'));
  router.get('/labels', labelsHandler(options));
  router.post('/labels', labelsHandler(options));
  router.all('/labels', onlyMethods('GET', 'POST'));
  router.get('/label/:name/values', labelValuesHandler(options));
  router.all('/label/:name/values', onlyMethods('GET'));
  router.get('/metadata', metadataHandler(options));
  router.all('/metadata', onlyMethods('GET'));
  router.get('/status/buildinfo', (_req, res) => {
    res.json(success(buildInfo, []));
  });
  router.all('/status/buildinfo', onlyMethods('GET'));
  return router;
}
