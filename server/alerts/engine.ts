import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { AlertView, OutboxStatus, ScheduleView } from '../../shared/alerts';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetHygiene } from '../../shared/reports/hygiene';
import type { FleetSkew } from '../../shared/reports/skew';
import type { AlertsConfig } from '../config/schema/alerts';
import type { ClusterInventory } from '../inventory/types';
import type { Logger } from '../log';
import { LeaseLostError, StoreUnavailableError } from '../store/faults';
import type { TrackedAlert } from '../store/records';
import type { Fence, OutboxItem, Store } from '../store/types';
import type { Candidate } from './types';
import { createAlertMetrics } from './alert-metrics';
import { createCostSampler } from './cost-sampler';
import { createDeliverer, type ReceiverTarget } from './deliver';
import { Dispatcher, type ReceiverOptions } from './dispatch';
import { DEFAULT_CLUSTER_LABELLING, type ClusterLabelling } from './identity';
import { createInboundAlerts, type InboundAlerts } from './inbound-alerts';
import { createLeadership } from './leadership';
import { buildRoute, type Route } from './route';
import { blindClusters, evaluateRules, forwardedAlerts } from './rules';
import { createScheduler } from './schedules';
import { createSilenceRegistry, type SilenceRegistry } from './silence-registry';
import { silencedBy } from './silences';
import { advance } from './tracker';

/** Rules judged from a source's status rather than from its series: never held when a cluster goes blind. */
const STATUS_RULES = new Set(['ClusterUnreachable', 'PrometheusStale']);
/** How long a resolved alert is remembered (enough for any group to notify it). */
const RESOLVED_RETENTION_MS = 60 * 60_000;
/** Delivered and failed notifications are kept this long for the UI. */
const OUTBOX_RETENTION_MS = 7 * 86_400_000;
/** Notification log entries of groups that are gone are kept this long (Alertmanager's default retention). */
const LOG_RETENTION_MS = 5 * 86_400_000;
/** How often the retention of the outbox, the notification log and the silences is applied. */
const HOUSEKEEPING_MS = 60 * 60_000;

export interface AlertEngineOptions {
  config: AlertsConfig;
  /** Receivers ready to send, by name, their webhook URLs already read (`resolveAlertSecrets`). */
  receivers: ReadonlyMap<string, ReceiverTarget>;
  /** The bearer token inbound Alertmanager webhooks must present, already read; null for none. */
  inboundToken: string | null;
  /** How the fleet labels each cluster's series, so that an inbound alert gets the labels its federated ALERTS series has (default: `cluster`, renamed). */
  clusterLabelling?: ClusterLabelling;
  store: Store;
  /** Every cluster's inventory, read at the given time (in a sharded fleet, those of the clusters this replica scrapes). */
  inventories: (at: number) => readonly ClusterInventory[];
  /** In a sharded fleet, the candidates the other replicas found for their clusters, and those of their clusters they cannot see now (see `clusterCandidates`). */
  remote?: () => ClusterCandidates;
  /** The skew report, when it exists; feeds the skew and end-of-life rules. */
  skew?: () => FleetSkew | null;
  /** The hygiene report, when it exists; feeds the hygiene rules. */
  hygiene?: () => FleetHygiene | null;
  /** The cost report; its daily node cost is recorded per UTC day and feeds the cost-jump rule. */
  cost?: () => FleetCost | null;
  /** Base URL for links back, without trailing slash (read when needed: the listen address is known late). */
  externalUrl: () => string;
  /** The leader lease on a shared store (store.postgres.leaderElection); ignored on the embedded file, where this replica always leads. */
  leaderElection?: { leaseDurationMs: number; retryPeriodMs: number };
  logger: Logger;
  now: () => number;
  newId?: () => string;
}

/** What the rules found for some clusters (before `for`), and which of them cannot be seen now (their series-based alerts held as they are). */
export interface ClusterCandidates {
  readonly candidates: readonly Candidate[];
  readonly blind: readonly string[];
}

/** An alert held, with the ids of the active silences that mute it (empty: not silenced). */
export interface HeldAlert extends TrackedAlert {
  readonly silencedBy: readonly string[];
}

/** The alerts held, as of the last evaluation: what the Alertmanager v2 API answers (http/alertmanager-v2/). */
export interface EvaluatedAlerts {
  /** When the last evaluation ran (every alert held was judged then); null before the first. */
  readonly at: number | null;
  readonly evaluationIntervalMs: number;
  readonly alerts: readonly HeldAlert[];
}

/** The alerting pipeline as main.ts and the REST API (http/alerts.ts) use it. */
export interface AlertEngine {
  /** One evaluation, flush and delivery round; concurrent calls share one round. */
  tick(): Promise<void>;
  /** Ticks every `evaluationInterval`, starting now. */
  start(): void;
  /** Stops ticking and waits for the round under way. */
  close(): Promise<void>;
  /** Whether this replica leads (always, on the embedded file): it alone writes what is shared, notifications and history. */
  leads(): boolean;
  /** Every alert held, as GET /api/alerts answers them. */
  alerts(): AlertView[];
  /** What the built-in rules and the forwarded ALERTS find for these clusters now (what a sharded replica writes for the leader). */
  clusterCandidates(clusters: readonly ClusterInventory[], at: number): ClusterCandidates;
  /** Every alert held, whole, with its silences (silencedBy at the time of the call). */
  evaluated(): EvaluatedAlerts;
  /** The routing tree (config.route, or the first receiver's default one); null without receivers. */
  readonly route: Route | null;
  readonly silences: Pick<SilenceRegistry, 'list' | 'create' | 'expire'>;
  readonly inbound: Pick<InboundAlerts, 'allowed' | 'receive'>;
  /** The outbox, newest first. */
  notifications(filter: { status?: OutboxStatus; limit: number }): Promise<OutboxItem[]>;
  /** Puts a failed notification back in the queue and works the outbox; false when there is no such failed notification. */
  retryNotification(id: string): Promise<boolean>;
  schedules(): ScheduleView[];
  receiverNames(): string[];
  /** Adds the alerting metrics to fleetscope's registry (read at scrape time). */
  registerMetrics(registry: Registry): void;
}

function defaultRoute(config: AlertsConfig): Route | null {
  if (config.route) return buildRoute(config.route);
  const first = config.receivers[0];
  return first ? buildRoute({ receiver: first.name, group_by: ['cluster'], matchers: [], continue: false, routes: [] }) : null;
}

/**
 * The alerting pipeline: every tick, the cost report is sampled, rules and
 * forwarded and inbound alerts are evaluated, `for` is applied, changes go to
 * the dispatcher, due groups are flushed into the outbox (one transaction
 * with the notification log), scheduled reports are queued, retention is
 * applied, and the outbox is worked. State lives in the store, so a restart
 * resumes.
 */
export async function createAlertEngine(options: AlertEngineOptions): Promise<AlertEngine> {
  const { config, store, logger, now } = options;
  const newId = options.newId ?? randomUUID;
  const receiverOptions = new Map<string, ReceiverOptions>(config.receivers.map((r) => [r.name, { sendResolved: r.send_resolved, maxAlerts: r.max_alerts }]));
  const route = defaultRoute(config);
  const state = await store.loadAlertState();
  let dispatcher = route ? new Dispatcher(route, state.log) : null;
  let tracked = new Map(state.alerts.map((a) => [a.fingerprint, a]));
  const leadership = createLeadership({
    store,
    leaseDurationMs: options.leaderElection?.leaseDurationMs ?? 10_000,
    retryPeriodMs: options.leaderElection?.retryPeriodMs ?? 2_000,
    logger,
  });
  // The fencing token this replica last led under: a new one means it just took over, and reads what the previous leader kept.
  let ledUnder: number | null = store.shared ? null : 1;
  const silences = await createSilenceRegistry({ store, now, newId, logger: logger.child({ component: 'alerts' }) });
  const labelling = options.clusterLabelling ?? DEFAULT_CLUSTER_LABELLING;
  const inbound = await createInboundAlerts({
    token: options.inboundToken,
    store,
    resolveTimeoutMs: config.inbound.resolve_timeout,
    labelling,
    now,
  });
  const costSampler = await createCostSampler({ store, cost: options.cost, now });
  const metrics = createAlertMetrics({ alerts: () => alerts(), notificationCounts: () => store.countNotifications() });
  const deliverer = createDeliverer({
    store,
    receivers: options.receivers,
    maxAttempts: config.delivery.maxAttempts,
    initialBackoffMs: config.delivery.initialBackoff,
    maxBackoffMs: config.delivery.maxBackoff,
    timeoutMs: config.delivery.timeout,
    logger: logger.child({ component: 'alerts' }),
    now,
    onAttempt: metrics.attempted,
    mayDeliver: async () => {
      const fence = leadership.current();
      return fence !== null && (await store.holdsFence(fence));
    },
  });
  const scheduler = await createScheduler({
    schedules: config.schedules,
    store,
    skew: options.skew,
    cost: options.cost,
    externalUrl: options.externalUrl,
    newId,
    logger,
  });
  const insertHeld = (at: number) => {
    for (const a of tracked.values()) if (a.state !== 'pending') dispatcher?.insert(a, at);
  };
  insertHeld(now());

  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let lastHousekeeping = 0;
  let lastEvaluation: number | null = null;
  // Alert state the store has not taken yet (it failed): written with the next save that works.
  const unsavedAlerts = new Map<string, TrackedAlert>();
  const unsavedRemovals = new Set<string>();
  let storeFailing = false;

  function alerts(): AlertView[] {
    const t = now();
    return [...tracked.values()]
      .map((a) => ({
        fingerprint: a.fingerprint,
        labels: { ...a.labels },
        annotations: { ...a.annotations },
        state: a.state,
        origin: a.origin,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        silencedBy: silencedBy(silences.all(), a.labels, t),
      }))
      .sort((a, b) => a.state.localeCompare(b.state) || a.startsAt - b.startsAt);
  }

  function clusterCandidates(clusters: readonly ClusterInventory[], t: number): ClusterCandidates {
    const needsSkew = config.rules.KubeletVersionSkew.enabled || config.rules.KubernetesReleaseEOL.enabled || config.rules.KubernetesReleaseNearEOL.enabled;
    const needsHygiene = config.rules.FleetHygieneCritical.enabled || config.rules.FleetHygieneWarning.enabled;
    const inputs = {
      clusters,
      now: t,
      externalUrl: options.externalUrl(),
      skew: needsSkew ? (options.skew?.() ?? null) : null,
      hygiene: needsHygiene ? (options.hygiene?.() ?? null) : null,
      costDays: costSampler.days(),
    };
    return {
      candidates: [...evaluateRules(inputs, config.rules), ...(config.rules.ForwardClusterAlerts.enabled ? forwardedAlerts(inputs, labelling) : [])],
      blind: [...blindClusters(clusters)],
    };
  }

  function evaluate(t: number): void {
    for (const a of inbound.expire(t))
      logger.info(
        { component: 'alerts', alertname: a.labels.alertname, cluster: a.labels.cluster, fingerprint: a.alertmanagerFingerprint },
        a.timeout
          ? 'inbound alert resolved: its Alertmanager did not post it again within alerts.inbound.resolve_timeout'
          : 'inbound alert resolved: the endsAt it was posted with has passed',
      );
    const local = clusterCandidates(options.inventories(t), t);
    const remote = options.remote?.() ?? { candidates: [], blind: [] };
    // The Alertmanager's alert before its federated ALERTS series: one alert by both paths keeps the Alertmanager's annotations.
    const rules = [...local.candidates, ...remote.candidates];
    const candidates = [...rules.filter((c) => c.origin === 'rule'), ...inbound.candidates(), ...rules.filter((c) => c.origin !== 'rule')];
    const blind = new Set([...local.blind, ...remote.blind]);
    const result = advance(tracked, candidates, {
      now: t,
      resolvedRetentionMs: RESOLVED_RETENTION_MS,
      hold: (a) => a.origin !== 'alertmanager' && blind.has(a.labels.cluster ?? '') && !STATUS_RULES.has(a.labels.alertname ?? ''),
    });
    // The state moves on in memory whether or not the store takes it (saveAlertState).
    for (const a of result.next.values()) {
      if (JSON.stringify(a) === JSON.stringify(tracked.get(a.fingerprint))) continue;
      unsavedAlerts.set(a.fingerprint, a);
      unsavedRemovals.delete(a.fingerprint);
    }
    for (const fp of result.removed) {
      unsavedAlerts.delete(fp);
      unsavedRemovals.add(fp);
    }
    tracked = result.next;
    lastEvaluation = t;
    for (const a of result.changed) dispatcher?.insert(a, t);
  }

  async function saveAlertState(): Promise<void> {
    if (unsavedAlerts.size === 0 && unsavedRemovals.size === 0) return;
    const changed = [...unsavedAlerts.values()];
    const removed = [...unsavedRemovals];
    await store.saveAlerts(changed, removed);
    for (const a of changed) if (unsavedAlerts.get(a.fingerprint) === a) unsavedAlerts.delete(a.fingerprint);
    for (const fp of removed) unsavedRemovals.delete(fp);
  }

  /**
   * On a shared store, what the other replicas wrote: silences and inbound
   * alerts always; as a follower, the leader's alerts (what this replica
   * shows); on taking over, the alerts and the notification log the
   * previous leader kept, so nothing it sent is sent again.
   */
  async function readShared(fence: Fence | null): Promise<void> {
    await silences.reload();
    await inbound.reload();
    if (fence && fence.token === ledUnder) return;
    const kept = await store.loadAlertState();
    tracked = new Map(kept.alerts.map((a) => [a.fingerprint, a]));
    unsavedAlerts.clear();
    unsavedRemovals.clear();
    if (!fence) {
      ledUnder = null;
      return;
    }
    dispatcher = route ? new Dispatcher(route, kept.log) : null;
    insertHeld(now());
    await scheduler.reload();
    ledUnder = fence.token;
  }

  async function flush(t: number, fence: Fence): Promise<void> {
    if (!dispatcher) return;
    const staged = dispatcher.stageFlush({
      now: t,
      silences: silences.all(),
      receivers: receiverOptions,
      externalURL: options.externalUrl(),
      newId,
    });
    const { notifications, log } = staged;
    // Applied only once the outbox has them: while the store fails, the groups wait and the next flush that works sends them.
    await store.commitFlush(log, notifications, store.shared ? fence : undefined);
    staged.apply();
    for (const n of notifications)
      logger.info(
        { component: 'alerts', receiver: n.receiver, notification: n.id, status: n.status, alerts: n.alerts.length, clusters: n.clusters },
        'notification queued',
      );
  }

  async function housekeeping(t: number): Promise<void> {
    if (t - lastHousekeeping < HOUSEKEEPING_MS) return;
    lastHousekeeping = t;
    await store.pruneNotifications(t - OUTBOX_RETENTION_MS);
    if (dispatcher) await store.deleteLogEntries(dispatcher.pruneLog(t - LOG_RETENTION_MS));
    silences.prune(t);
  }

  /**
   * One step of the tick, on its own: a store that fails stops neither the
   * evaluation nor the steps after it. Its failure is logged once (the
   * store logs the file and the cause), and once more when it works again.
   */
  async function step(name: string, run: () => Promise<unknown> | void): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      if (error instanceof LeaseLostError) {
        logger.warn({ component: 'alerts', step: name }, `alert ${name} refused: ${error.message}`);
        leadership.drop();
        return true;
      }
      if (!(error instanceof StoreUnavailableError)) {
        logger.error({ component: 'alerts', step: name, err: error }, `alert ${name} failed`);
        return true;
      }
      if (!storeFailing)
        logger.warn(
          { component: 'alerts', step: name, problem: error.problem },
          'the store is not working: alerts are evaluated in memory, and no notification is queued or sent until it works again',
        );
      storeFailing = true;
      return false;
    }
  }

  async function tickOnce(): Promise<void> {
    const t = now();
    const fence = leadership.current();
    if (store.shared && !(await step('shared state', () => readShared(fence)))) return;
    // A follower shows what the leader keeps, and takes webhooks (written at once); the leader does the rest.
    if (!fence || fence.token !== ledUnder) return;
    const steps = [
      await step('cost sample', () => costSampler.sample(t)),
      await step('evaluation', () => evaluate(t)),
      await step('state save', saveAlertState),
      await step('inbound save', () => inbound.persist()),
      await step('flush', () => flush(t, fence)),
      await step('schedules', () => scheduler.tick(t, store.shared ? fence : undefined)),
      await step('housekeeping', () => housekeeping(t)),
      await step('delivery', () => deliverer.run()),
    ];
    if (storeFailing && steps.every(Boolean)) {
      storeFailing = false;
      logger.info({ component: 'alerts' }, 'the store works again: alert state saved, notifications queued and sent');
    }
  }

  const engine: AlertEngine = {
    clusterCandidates,
    tick() {
      ticking ??= tickOnce().finally(() => {
        ticking = null;
      });
      return ticking;
    },
    start() {
      leadership.start();
      timer ??= setInterval(() => void engine.tick(), config.evaluationInterval);
      void engine.tick();
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
      await leadership.close();
    },
    leads: () => leadership.current() !== null,
    alerts,
    evaluated() {
      const t = now();
      const held = [...tracked.values()].map((a) => ({ ...a, silencedBy: silencedBy(silences.all(), a.labels, t) }));
      return { at: lastEvaluation, evaluationIntervalMs: config.evaluationInterval, alerts: held };
    },
    route,
    silences,
    inbound,
    notifications: (filter) => store.listNotifications(filter),
    async retryNotification(id) {
      const ok = await store.retryNotification(id, now());
      // Sent now rather than at the next tick; a failure of this run shows (and is logged) in the next tick.
      if (ok && leadership.current()) deliverer.run().catch(() => undefined);
      return ok;
    },
    schedules: () => scheduler.nextRuns(now()),
    receiverNames: () => [...receiverOptions.keys()],
    registerMetrics(registry) {
      metrics.register(registry);
      leadership.register(registry);
    },
  };
  return engine;
}
