import express, { type Router } from 'express';
import type { z } from 'zod';
import { OUTBOX_STATUSES, type AlertList, type NotificationList, type NotificationView, type ScheduleList, type SilenceList } from '../../shared/alerts';
import type { AlertEngine } from '../alerts/engine';
import { alertmanagerPayload } from '../alerts/inbound';
import { formatPath } from '../config/load';
import type { OutboxItem } from '../store/types';
import { onlyMethods } from './errors';
import { silenceActorOf, type SilenceChanges } from './silence-changes';

function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

/** What the browser may see of an outbox row: everything but secrets (the row holds none; the URL lives only in config). */
function notificationView(item: OutboxItem): NotificationView {
  const n = item.notification;
  return {
    id: n.id,
    receiver: n.receiver,
    status: item.status,
    notificationStatus: n.status,
    clusters: [...n.clusters],
    counts: { ...n.counts },
    alertnames: [...new Set(n.alerts.map((a) => a.labels.alertname ?? ''))],
    attempts: item.attempts,
    nextAttemptAt: item.status === 'pending' ? item.nextAttemptAt : null,
    lastError: item.lastError,
    createdAt: n.createdAt,
    finishedAt: item.finishedAt,
  };
}

export interface AlertsRouteOptions {
  engine: AlertEngine;
  /** Silences created and expired, with who did it in the audit log (shared with the Alertmanager v2 API). */
  changes: SilenceChanges;
}

/**
 * Alerting REST API (docs/api.md): inbound Alertmanager webhook, alerts,
 * silences, and the outbox. Express 5 forwards rejected promises to its
 * error handler, so handlers may be async. A silence's creator is the
 * authenticated caller (the body's createdBy counts only while access
 * control is off); any operator may expire any silence, and the audit log
 * says who did.
 */
export function createAlertsRouter(options: AlertsRouteOptions): Router {
  const { engine, changes } = options;
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }));

  router.post('/alertmanager', async (req, res) => {
    if (!engine.inbound.allowed(req.headers.authorization))
      return void res.status(401).set('www-authenticate', 'Bearer').json({ error: 'POST /api/alertmanager needs the bearer token of alerts.inbound' });
    const parsed = alertmanagerPayload.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'not an Alertmanager webhook payload (version 4)', problems: problems(parsed.error) });
    const cluster = typeof req.query.cluster === 'string' && req.query.cluster ? req.query.cluster : undefined;
    // Answered once the alerts are in the store; a store that fails answers 503, and Alertmanager posts again.
    res.json({ accepted: await engine.inbound.receive(parsed.data, cluster) });
  });

  router.get('/alerts', (_req, res) => {
    const body: AlertList = { alerts: engine.alerts() };
    res.json(body);
  });

  router.get('/silences', (_req, res) => {
    const body: SilenceList = { silences: engine.silences.list() };
    res.json(body);
  });
  router.post('/silences', async (req, res) => {
    const created = await changes.create(req.body, silenceActorOf(req));
    if (created.ok) return void res.status(created.updated ? 200 : 201).json({ silenceID: created.silence.id });
    const { refusal } = created;
    if (refusal.kind === 'not_found') return void res.status(404).json({ error: `no silence with id ${refusal.id}` });
    const problems = refusal.kind === 'invalid' ? refusal.problems : ['endsAt: must be after startsAt (and in the future)'];
    res.status(400).json({ error: 'invalid silence', problems });
  });
  router.delete('/silences/:id', async (req, res) => {
    const expired = await changes.expire(req.params.id, silenceActorOf(req));
    if (!expired.ok) return void res.status(404).json({ error: `no active or pending silence with id ${req.params.id}` });
    res.json({ expired: req.params.id });
  });

  router.get('/schedules', (_req, res) => {
    const body: ScheduleList = { schedules: engine.schedules() };
    res.json(body);
  });

  router.get('/notifications', async (req, res) => {
    const status = typeof req.query.status === 'string' ? req.query.status : undefined;
    const known = OUTBOX_STATUSES.find((s) => s === status);
    if (status !== undefined && !known) return void res.status(400).json({ error: `status must be one of ${OUTBOX_STATUSES.join(', ')}` });
    const limit = Math.min(500, Math.max(1, Number(req.query.limit) || 100));
    const body: NotificationList = {
      receivers: engine.receiverNames(),
      notifications: (await engine.notifications({ status: known, limit })).map(notificationView),
    };
    res.json(body);
  });
  router.post('/notifications/:id/retry', async (req, res) => {
    if (await engine.retryNotification(req.params.id)) res.json({ requeued: req.params.id });
    else res.status(404).json({ error: `no failed notification with id ${req.params.id}` });
  });

  router.all('/alertmanager', onlyMethods('POST'));
  router.all(['/alerts', '/schedules', '/notifications'], onlyMethods('GET'));
  router.all('/silences', onlyMethods('GET', 'POST'));
  router.all('/silences/:id', onlyMethods('DELETE'));
  router.all('/notifications/:id/retry', onlyMethods('POST'));
  return router;
}
