import express, { type ErrorRequestHandler, type Response, type Router } from 'express';
import type { AlertEngine } from '../../alerts/engine';
import type { BuildInfo } from '../../build-info';
import { onlyMethods } from '../errors';
import { silenceActorOf, type SilenceChanges, type SilenceRefusal } from '../silence-changes';
import { alertGroups, gettableAlerts } from './alerts';
import { parseAlertQuery, parseFilter } from './query';
import { gettableSilence, gettableSilences } from './silences';
import { alertmanagerStatus, receiverList } from './status';

export interface AlertmanagerApiOptions {
  engine: Pick<AlertEngine, 'evaluated' | 'route' | 'receiverNames' | 'silences'>;
  /** The same silence changes as POST /api/silences: one validation, the caller as creator, the audit log. */
  changes: SilenceChanges;
  build: BuildInfo;
  /** When the process started: the status' `uptime`. */
  startedAt: number;
}

/** An error as Alertmanager answers it: the spec's `type: string`, a JSON string. */
function fail(res: Response, status: number, message: string): void {
  res.status(status).json(message);
}

/** Alertmanager's sentences where it has one, fleetscope's problems otherwise. */
function refusalMessage(refusal: SilenceRefusal): string {
  switch (refusal.kind) {
    case 'invalid':
      return `invalid silence: ${refusal.problems.join('; ')}`;
    case 'start_not_before_end':
      return 'Failed to create silence: start time must be before end time';
    case 'end_in_past':
      return "Failed to create silence: end time can't be in the past";
    case 'not_found':
      return `silence ${refusal.id} not found`;
  }
}

/** A body that is not JSON, or too large, answered as Alertmanager answers it: a string, never fleetscope's `{ error, detail }`. */
const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const type: unknown = error !== null && typeof error === 'object' ? Reflect.get(error, 'type') : undefined;
  const message = error instanceof Error ? error.message : '';
  if (type === 'entity.parse.failed') return fail(res, 400, `parsing silence body failed: ${message}`);
  if (type === 'entity.too.large') return fail(res, 413, 'the silence body is too large');
  next(error);
};

/**
 * Alertmanager's API v2 over what fleetscope owns (docs/api.md,
 * "Alertmanager API v2"), for amtool and other Alertmanager clients: an
 * adapter over the same alerts, routing tree and silences as /api/alerts
 * and /api/silences. Mounted at /api/v2.
 */
export function createAlertmanagerApiRouter(options: AlertmanagerApiOptions): Router {
  const { engine, changes } = options;
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/status', (_req, res) => {
    res.json(alertmanagerStatus({ route: engine.route, receivers: engine.receiverNames(), build: options.build, startedAt: options.startedAt }));
  });
  router.get('/receivers', (_req, res) => {
    res.json(receiverList(engine.receiverNames()));
  });

  router.get('/alerts', (req, res) => {
    const query = parseAlertQuery(req.query);
    if (!query.ok) return fail(res, 400, query.message);
    res.json(gettableAlerts({ evaluated: engine.evaluated(), route: engine.route }, query.value));
  });
  router.get('/alerts/groups', (req, res) => {
    const query = parseAlertQuery(req.query);
    if (!query.ok) return fail(res, 400, query.message);
    res.json(alertGroups({ evaluated: engine.evaluated(), route: engine.route }, query.value));
  });

  router.get('/silences', (req, res) => {
    const filter = parseFilter(req.query.filter);
    if (!filter.ok) return fail(res, 400, filter.message);
    res.json(gettableSilences(engine.silences.list(), filter.value));
  });
  router.post('/silences', async (req, res) => {
    const created = await changes.create(req.body, silenceActorOf(req));
    if (created.ok) return void res.json({ silenceID: created.silence.id });
    fail(res, created.refusal.kind === 'not_found' ? 404 : 400, refusalMessage(created.refusal));
  });
  router.get('/silence/:id', (req, res) => {
    const view = engine.silences.list().find((s) => s.id === req.params.id && !s.problem);
    if (!view) return fail(res, 404, `silence ${req.params.id} not found`);
    res.json(gettableSilence(view));
  });
  router.delete('/silence/:id', async (req, res) => {
    const expired = await changes.expire(req.params.id, silenceActorOf(req));
    // As Alertmanager: expiring a silence that already ended changes nothing and is no error.
    if (!expired.ok && expired.kind === 'not_found') return fail(res, 404, `silence ${req.params.id} not found`);
    res.status(200).end();
  });

  router.all(['/status', '/receivers', '/alerts', '/alerts/groups'], onlyMethods('GET'));
  router.all('/silences', onlyMethods('GET', 'POST'));
  router.all('/silence/:id', onlyMethods('GET', 'DELETE'));
  router.use(bodyErrors);
  return router;
}
