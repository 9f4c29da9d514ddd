import { randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AlertView, OutboxStatus, SilenceView } from '../../shared/alerts';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetSkew } from '../../shared/reports/skew';
import type { Matcher } from '../../shared/matchers';
import { COST_HISTORY_MAX_DAYS } from '../../shared/reports/cost-history';
import type { AlertsConfig } from '../config/schema/alerts';
import type { FleetSnapshot } from '../fleet/types';
import type { Logger } from '../log';
import type { Silence } from '../store/records';
import type { OutboxItem, Store } from '../store/types';
import { costDays, dailyCostRows, utcDay } from './cost-days';
import { createDeliverer, type ReceiverTarget } from './deliver';
import { Dispatcher, type ReceiverOptions } from './dispatch';
import { inboundChanges, type AlertmanagerPayload } from './inbound';
import { buildRoute, type Route } from './route';
import { createScheduler } from './schedules';
import { blindClusters, evaluateRules, forwardedAlerts, type CostDays } from './rules';
import type { DailyCost } from '../store/types';
import { silencedBy, silenceState, silenceView } from './silences';
import { advance } from './tracker';
import type { Candidate } from './types';

/** Rules judged from a source's status rather than from its series: never held when a cluster goes blind. */
const STATUS_RULES = new Set(['ClusterUnreachable', 'PrometheusStale']);
/** How long a resolved alert is remembered (enough for any group to notify it). */
const RESOLVED_RETENTION_MS = 60 * 60_000;
/** Delivered and failed notifications are kept this long for the UI. */
const OUTBOX_RETENTION_MS = 7 * 86_400_000;
/** Expired silences are kept this long (Alertmanager's default retention). */
const SILENCE_RETENTION_MS = 5 * 86_400_000;
/** Notification log entries of groups that are gone are kept this long (Alertmanager's default retention). */
const LOG_RETENTION_MS = 5 * 86_400_000;
const MAX_INBOUND = 10_000;
/** How often the cost report is sampled for the day-over-day comparison and the cost history. */
const COST_SAMPLE_MS = 5 * 60_000;
/** Days of daily cost kept for GET /api/reports/cost/history; older days are deleted at start. */
const COST_HISTORY_DAYS = COST_HISTORY_MAX_DAYS;

/** The bearer token inbound Alertmanager webhooks must present, if one is configured. */
export function resolveInboundToken(config: AlertsConfig): { token: string | null; problems: string[] } {
  const { token, token_file } = config.inbound;
  if (token !== undefined) return { token, problems: [] };
  if (token_file === undefined) return { token: null, problems: [] };
  try {
    const read = readFileSync(token_file, 'utf8').split('\n')[0]?.trim() ?? '';
    return read.length >= 16 ? { token: read, problems: [] } : { token: null, problems: [`alerts.inbound.token_file: the first line of ${token_file} must be a token of at least 16 characters`] };
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return { token: null, problems: [`alerts.inbound.token_file: cannot read ${token_file} (${code})`] };
  }
}

export interface AlertEngineOptions {
  config: AlertsConfig;
  store: Store;
  snapshot: () => FleetSnapshot;
  /** The skew report, when it exists; feeds the skew and end-of-life rules. */
  skew?: () => FleetSkew | null;
  /** The cost report; its daily node cost is recorded per UTC day and feeds the cost-jump rule. */
  cost?: () => FleetCost | null;
  /** Base URL for links back, without trailing slash (read when needed: the listen address is known late). */
  externalUrl: () => string;
  logger: Logger;
  now: () => number;
  newId?: () => string;
}

export interface SilenceInput {
  id?: string;
  matchers: Matcher[];
  startsAt?: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

/**
 * Reads each receiver's webhook URL (inline or from its file). Problems name
 * the config path and the file, never the URL (a secret).
 */
export function resolveReceivers(config: AlertsConfig): { targets: Map<string, ReceiverTarget>; problems: string[] } {
  const targets = new Map<string, ReceiverTarget>();
  const problems: string[] = [];
  config.receivers.forEach((r, i) => {
    let url = r.url;
    if (url === undefined && r.url_file !== undefined) {
      try {
        url = readFileSync(r.url_file, 'utf8').split('\n')[0]?.trim();
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
        problems.push(`alerts.receivers[${i}].url_file: cannot read ${r.url_file} (${code})`);
        return;
      }
      if (!url || !/^https?:\/\/\S+$/.test(url)) {
        problems.push(`alerts.receivers[${i}].url_file: the first line of ${r.url_file} is not an http(s) URL`);
        return;
      }
    }
    if (url !== undefined) targets.set(r.name, { name: r.name, type: r.type, url });
  });
  return { targets, problems };
}

function defaultRoute(config: AlertsConfig): Route | null {
  if (config.route) return buildRoute(config.route);
  const first = config.receivers[0];
  return first ? buildRoute({ receiver: first.name, group_by: ['cluster'], matchers: [], continue: false, routes: [] }) : null;
}

/**
 * The alerting pipeline: every tick, rules and forwarded alerts are
 * evaluated, `for` is applied, changes go to the dispatcher, due groups are
 * flushed into the outbox (one transaction with the notification log), and
 * the outbox is worked. State lives in the store, so a restart resumes.
 */
export async function createAlertEngine(options: AlertEngineOptions) {
  const { config, store, logger, now } = options;
  const newId = options.newId ?? randomUUID;
  const { targets, problems } = resolveReceivers(config);
  const inbound = resolveInboundToken(config);
  if (problems.length || inbound.problems.length) throw new Error([...problems, ...inbound.problems].join('; '));
  const receiverOptions = new Map<string, ReceiverOptions>(config.receivers.map((r) => [r.name, { sendResolved: r.send_resolved, maxAlerts: r.max_alerts }]));
  const route = defaultRoute(config);
  const state = await store.loadAlertState();
  const dispatcher = route ? new Dispatcher(route, state.log) : null;
  let tracked = new Map(state.alerts.map((a) => [a.fingerprint, a]));
  let silences = await store.listSilences();
  const inboundAlerts = new Map<string, Candidate>();
  const attempts = new Counter({ name: 'fleetscope_notification_attempts_total', help: 'Delivery attempts of notifications, by receiver and outcome (delivered, pending = will retry, failed = given up).', labelNames: ['receiver', 'outcome'], registers: [] });
  const deliverer = createDeliverer({
    store,
    receivers: targets,
    maxAttempts: config.delivery.maxAttempts,
    initialBackoffMs: config.delivery.initialBackoff,
    maxBackoffMs: config.delivery.maxBackoff,
    timeoutMs: config.delivery.timeout,
    logger: logger.child({ component: 'alerts' }),
    now,
    onAttempt: (receiver, outcome) => attempts.inc({ receiver, outcome }),
  });
  const scheduler = await createScheduler({ schedules: config.schedules, store, skew: options.skew, cost: options.cost, externalUrl: options.externalUrl, newId, logger });
  const at = now();
  for (const a of tracked.values()) if (a.state !== 'pending') dispatcher?.insert(a, at);

  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let lastHousekeeping = 0;
  let lastCostSample = -Infinity;
  let costs: DailyCost[] = (await store.dailyCostsSince(utcDay(now() - COST_HISTORY_DAYS * 86_400_000))).filter((c) => c.day >= utcDay(now() - 86_400_000));
  let days: ReadonlyMap<string, CostDays> = costDays(costs, now());

  async function sampleCost(t: number): Promise<void> {
    if (!options.cost || t - lastCostSample < COST_SAMPLE_MS) return;
    lastCostSample = t;
    const report = options.cost();
    if (!report) return;
    const rows = dailyCostRows(report, t);
    await store.recordDailyCosts(rows);
    costs = [...costs.filter((c) => !rows.some((r) => r.cluster === c.cluster && r.day === c.day)), ...rows].filter((c) => c.day >= utcDay(t - 86_400_000));
    days = costDays(costs, t);
  }

  async function evaluate(t: number): Promise<void> {
    const snapshot = options.snapshot();
    const needsSkew = config.rules.KubeletVersionSkew.enabled || config.rules.KubernetesReleaseEOL.enabled || config.rules.KubernetesReleaseNearEOL.enabled;
    const inputs = { snapshot, now: t, externalUrl: options.externalUrl(), skew: needsSkew ? (options.skew?.() ?? null) : null, costDays: days };
    const candidates = [
      ...evaluateRules(inputs, config.rules),
      ...(config.rules.ForwardClusterAlerts.enabled ? forwardedAlerts(inputs) : []),
      ...inboundAlerts.values(),
    ];
    const blind = blindClusters(snapshot, t);
    const result = advance(tracked, candidates, {
      now: t,
      resolvedRetentionMs: RESOLVED_RETENTION_MS,
      hold: (a) => a.origin !== 'alertmanager' && blind.has(a.labels.cluster ?? '') && !STATUS_RULES.has(a.labels.alertname ?? ''),
    });
    const dirty = [...result.next.values()].filter((a) => JSON.stringify(a) !== JSON.stringify(tracked.get(a.fingerprint)));
    await store.saveAlerts(dirty, result.removed);
    tracked = result.next;
    for (const a of result.changed) dispatcher?.insert(a, t);
  }

  async function flush(t: number): Promise<void> {
    if (!dispatcher) return;
    const { notifications, log } = dispatcher.flush({ now: t, silences, receivers: receiverOptions, externalURL: options.externalUrl(), newId });
    await store.commitFlush(log, notifications);
    for (const n of notifications) logger.info({ component: 'alerts', receiver: n.receiver, notification: n.id, status: n.status, alerts: n.alerts.length, clusters: n.clusters }, 'notification queued');
  }

  async function housekeeping(t: number): Promise<void> {
    if (t - lastHousekeeping < 60 * 60_000) return;
    lastHousekeeping = t;
    await store.pruneNotifications(t - OUTBOX_RETENTION_MS);
    if (dispatcher) await store.deleteLogEntries(dispatcher.pruneLog(t - LOG_RETENTION_MS));
    silences = silences.filter((s) => t - s.endsAt < SILENCE_RETENTION_MS);
  }

  async function tickOnce(): Promise<void> {
    const t = now();
    try {
      await sampleCost(t);
      await evaluate(t);
      await flush(t);
      await scheduler.tick(t);
      await housekeeping(t);
      await deliverer.run();
    } catch (error) {
      logger.error({ component: 'alerts', err: error }, 'alert evaluation failed');
    }
  }

  const engine = {
    /** One evaluation, flush and delivery round; concurrent calls share one round. */
    tick(): Promise<void> {
      ticking ??= tickOnce().finally(() => {
        ticking = null;
      });
      return ticking;
    },
    start(): void {
      timer ??= setInterval(() => void engine.tick(), config.evaluationInterval);
      void engine.tick();
    },
    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
    },

    alerts(): AlertView[] {
      const t = now();
      return [...tracked.values()]
        .map((a) => ({ fingerprint: a.fingerprint, labels: { ...a.labels }, annotations: { ...a.annotations }, state: a.state, origin: a.origin, startsAt: a.startsAt, endsAt: a.endsAt, silencedBy: silencedBy(silences, a.labels, t) }))
        .sort((a, b) => a.state.localeCompare(b.state) || a.startsAt - b.startsAt);
    },

    /** Takes in a cluster Alertmanager's webhook; `cluster` labels alerts that carry none. */
    receiveAlertmanager(payload: AlertmanagerPayload, cluster?: string): { firing: number; resolved: number } {
      const { firing, resolved } = inboundChanges(payload, cluster);
      for (const fp of resolved) inboundAlerts.delete(fp);
      for (const [fp, c] of firing) {
        inboundAlerts.delete(fp);
        inboundAlerts.set(fp, c);
      }
      while (inboundAlerts.size > MAX_INBOUND) inboundAlerts.delete(inboundAlerts.keys().next().value ?? '');
      return { firing: firing.size, resolved: resolved.length };
    },

    silences(): SilenceView[] {
      const t = now();
      return silences.map((s) => silenceView(s, t));
    },
    async createSilence(input: SilenceInput): Promise<Silence> {
      const t = now();
      const existing = input.id ? silences.find((s) => s.id === input.id) : undefined;
      const silence: Silence = {
        id: existing?.id ?? newId(),
        matchers: input.matchers,
        startsAt: Math.max(input.startsAt ?? t, existing && silenceState(existing, t) === 'active' ? existing.startsAt : 0),
        endsAt: input.endsAt,
        createdBy: input.createdBy,
        comment: input.comment,
        updatedAt: t,
      };
      await store.saveSilence(silence);
      silences = [...silences.filter((s) => s.id !== silence.id), silence];
      return silence;
    },
    /** Ends a silence now; false when there is none with this id or it already ended. */
    async expireSilence(id: string): Promise<boolean> {
      const t = now();
      const s = silences.find((x) => x.id === id);
      if (!s || silenceState(s, t) === 'expired') return false;
      const expired: Silence = { ...s, startsAt: Math.min(s.startsAt, t), endsAt: t, updatedAt: t };
      await store.saveSilence(expired);
      silences = silences.map((x) => (x.id === id ? expired : x));
      return true;
    },

    notifications(filter: { status?: OutboxStatus; limit: number }): Promise<OutboxItem[]> {
      return store.listNotifications(filter);
    },
    async retryNotification(id: string): Promise<boolean> {
      const ok = await store.retryNotification(id, now());
      if (ok) void deliverer.run();
      return ok;
    },
    /** True when an inbound webhook may pass: no token configured, or the request's `Authorization` carries it. */
    inboundAllowed(authorization: string | undefined): boolean {
      if (inbound.token === null) return true;
      const given = Buffer.from(authorization ?? '');
      const wanted = Buffer.from(`Bearer ${inbound.token}`);
      return given.length === wanted.length && timingSafeEqual(given, wanted);
    },
    schedules() {
      return scheduler.nextRuns(now());
    },
    receiverNames(): string[] {
      return [...receiverOptions.keys()];
    },

    /** Adds the alerting metrics to fleetscope's registry (read at scrape time). */
    registerMetrics(registry: Registry): void {
      registry.registerMetric(attempts);
      new Gauge({
        name: 'fleetscope_alerts',
        help: 'Alerts fleetscope holds, by state (pending, firing, resolved) and whether silenced.',
        labelNames: ['state', 'silenced'],
        registers: [registry],
        collect() {
          this.reset();
          for (const a of engine.alerts()) this.inc({ state: a.state, silenced: a.silencedBy.length > 0 ? 'true' : 'false' });
        },
      });
      new Gauge({
        name: 'fleetscope_notifications',
        help: 'Notifications in the outbox by status; failed ones gave up after the last retry and are listed at /api/notifications?status=failed.',
        labelNames: ['status'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const [status, n] of Object.entries(await store.countNotifications())) this.set({ status }, n);
        },
      });
    },
  };
  return engine;
}

export type AlertEngine = Awaited<ReturnType<typeof createAlertEngine>>;
