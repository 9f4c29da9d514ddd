import express, { type Router } from 'express';
import { z } from 'zod';
import { OUTBOX_STATUSES, type AlertList, type NotificationList, type NotificationView, type ScheduleList, type SilenceList } from '../../shared/alerts';
import { checkMatcher, formatMatchers } from '../../shared/matchers';
import type { AlertEngine } from '../alerts/engine';
import { alertmanagerPayload } from '../alerts/inbound';
import { actorOf, type AuditLog } from '../auth/audit';
import { formatPath } from '../config/load';
import type { OutboxItem } from '../store/types';
import { onlyMethods } from './errors';
import { callerOf, identityOf } from './guard';

/** A silence as Alertmanager's API v2 `postableSilence` has it (times as RFC 3339). */
const postableSilence = z.object({
  id: z.string().optional(),
  matchers: z
    .array(z.object({ name: z.string().min(1), value: z.string(), isRegex: z.boolean().default(false), isEqual: z.boolean().default(true) }))
    .min(1, 'a silence needs at least one matcher'),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time such as 2026-11-21T18:00:00Z' }),
  createdBy: z.string().min(1),
  comment: z.string().min(1),
});

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
  /** Where silences created and expired are recorded, with who did it and from where. */
  audit: AuditLog;
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
  const { engine, audit } = options;
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
    const parsed = postableSilence.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'invalid silence', problems: problems(parsed.error) });
    const input = parsed.data;
    const bad = input.matchers.map((m, i) => ({ i, problem: checkMatcher(m) })).filter((x) => x.problem);
    if (bad.length) return void res.status(400).json({ error: 'invalid silence', problems: bad.map((b) => `matchers[${b.i}]: ${b.problem}`) });
    const startsAt = input.startsAt ? Date.parse(input.startsAt) : undefined;
    const endsAt = Date.parse(input.endsAt);
    if (endsAt <= (startsAt ?? Date.now()))
      return void res.status(400).json({ error: 'invalid silence', problems: ['endsAt: must be after startsAt (and in the future)'] });
    if (input.id && !engine.silences.list().some((s) => s.id === input.id)) return void res.status(404).json({ error: `no silence with id ${input.id}` });
    const identity = identityOf(req);
    const createdBy = identity.method === 'none' ? input.createdBy : identity.name;
    const silence = await engine.silences.create({ ...input, createdBy, startsAt, endsAt });
    await audit.record(actorOf(identity, callerOf(req).address), {
      action: input.id ? 'silence.updated' : 'silence.created',
      target: silence.id,
      detail: `{${formatMatchers(silence.matchers)}} until ${new Date(silence.endsAt).toISOString()}: ${silence.comment}`,
    });
    res.status(input.id ? 200 : 201).json({ silenceID: silence.id });
  });
  router.delete('/silences/:id', async (req, res) => {
    const silence = engine.silences.list().find((s) => s.id === req.params.id);
    if (!silence || !(await engine.silences.expire(req.params.id)))
      return void res.status(404).json({ error: `no active or pending silence with id ${req.params.id}` });
    await audit.record(actorOf(identityOf(req), callerOf(req).address), {
      action: 'silence.expired',
      target: silence.id,
      detail: `{${formatMatchers(silence.matchers)}}, created by ${silence.createdBy}`,
    });
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
