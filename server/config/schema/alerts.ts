import { Cron } from 'croner';
import { z } from 'zod';
import { parseMatcher, type Matcher } from '../../../shared/matchers';
import { parseDuration } from '../duration';
import { duration, httpUrl, labelName } from './common';

/** zod's default() skips the transform, so defaults are given already parsed. */
const durationDefault = (text: string) => duration.default(parseDuration(text));

const severity = z.enum(['critical', 'warning', 'info'], { error: 'must be critical, warning or info' });

/** Settings every built-in rule has; `for` and `severity` default per rule. */
const base = (defaults: { for: string; severity: 'critical' | 'warning' | 'info' }) => ({
  enabled: z.boolean().default(true),
  for: durationDefault(defaults.for),
  severity: severity.default(defaults.severity),
});

const ratio = z.number().positive('must be above 0');

/**
 * The built-in rules, keyed by the `alertname` they raise. Each one can be
 * turned off (`enabled: false`) and its `for`, `severity` and threshold set.
 */
export const alertRules = z
  .strictObject({
    ClusterUnreachable: z.strictObject(base({ for: '2m', severity: 'critical' })).prefault({}),
    PrometheusStale: z.strictObject(base({ for: '0s', severity: 'warning' })).prefault({}),
    NodeNotReady: z.strictObject(base({ for: '5m', severity: 'warning' })).prefault({}),
    PodCrashLooping: z.strictObject(base({ for: '1m', severity: 'warning' })).prefault({}),
    WarningEventBurst: z
      .strictObject({ ...base({ for: '0s', severity: 'warning' }), threshold: z.number().int().positive().default(20), window: durationDefault('10m') })
      .prefault({}),
    KubeletVersionSkew: z.strictObject(base({ for: '0s', severity: 'warning' })).prefault({}),
    KubernetesReleaseEOL: z.strictObject(base({ for: '0s', severity: 'critical' })).prefault({}),
    KubernetesReleaseNearEOL: z.strictObject(base({ for: '0s', severity: 'warning' })).prefault({}),
    CostJump: z
      .strictObject({ ...base({ for: '0s', severity: 'warning' }), threshold: ratio.default(0.25), minDaily: z.number().nonnegative().default(1) })
      .prefault({}),
    /** One alert per critical finding of the hygiene report (labels check, rule, subject, namespace). */
    FleetHygieneCritical: z.strictObject(base({ for: '5m', severity: 'critical' })).prefault({}),
    /** One alert per warning finding of the hygiene report; off by default (the report and the wall show them). */
    FleetHygieneWarning: z.strictObject({ ...base({ for: '15m', severity: 'warning' }), enabled: z.boolean().default(false) }).prefault({}),
    /** Forward `ALERTS{alertstate="firing"}` federated from each cluster's Prometheus. */
    ForwardClusterAlerts: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
  })
  .prefault({});
export type AlertRulesConfig = z.output<typeof alertRules>;

/** An Alertmanager matcher string (`severity="critical"`, `cluster=~"prod-.*"`), parsed. */
export const matcher = z.string().transform((text, ctx): Matcher => {
  const parsed = parseMatcher(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.matcher;
});

/** Timing settings a child route inherits from its parent when it does not set them. */
const routeTiming = {
  receiver: z.string().min(1).optional(),
  group_by: z.array(z.union([labelName, z.literal('...')])).optional(),
  group_wait: duration.optional(),
  group_interval: duration.optional(),
  repeat_interval: duration.optional(),
};

/** A node of the routing tree, as in Alertmanager's `route:` (matchers only, not the deprecated match/match_re). */
export interface RouteInput {
  receiver?: string;
  group_by?: string[];
  group_wait?: number;
  group_interval?: number;
  repeat_interval?: number;
  matchers: Matcher[];
  continue: boolean;
  routes: RouteInput[];
}

export const route: z.ZodType<RouteInput, unknown> = z.lazy(() =>
  z.strictObject({
    ...routeTiming,
    matchers: z.array(matcher).default([]),
    continue: z.boolean().default(false),
    routes: z.array(route).default([]),
  }),
);

/** A webhook URL: a secret, given inline or read from a file (first line). */
const secretUrl = {
  url: httpUrl.optional(),
  url_file: z.string().min(1).optional(),
};

export const RECEIVER_TYPES = ['slack', 'teams', 'discord', 'googlechat', 'webhook'] as const;
export type ReceiverType = (typeof RECEIVER_TYPES)[number];

export const receiver = z
  .strictObject({
    name: z.string().min(1),
    type: z.enum(RECEIVER_TYPES, { error: `must be one of ${RECEIVER_TYPES.join(', ')}` }),
    ...secretUrl,
    send_resolved: z.boolean().default(true),
    /** Alerts listed in one message at most; the rest are counted ("and 12 more"). */
    max_alerts: z.number().int().positive().default(20),
  })
  .refine((r) => (r.url === undefined) !== (r.url_file === undefined), { message: 'needs exactly one of url and url_file' });
export type ReceiverConfig = z.output<typeof receiver>;

export const delivery = z
  .strictObject({
    /** Attempts before a notification is kept as failed. */
    maxAttempts: z.number().int().min(1).default(8),
    initialBackoff: durationDefault('1s'),
    maxBackoff: durationDefault('5m'),
    timeout: durationDefault('10s'),
  })
  .prefault({});

/** A cron pattern (5 or 6 fields, as croner reads it) with its time zone; checked by building it. */
function cronProblem(pattern: string, timezone: string): string | null {
  try {
    new Cron(pattern, { paused: true, timezone }).nextRun();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const SCHEDULED_REPORTS = ['skew', 'cost'] as const;

/** A report posted to a receiver on a schedule, e.g. every Monday at 09:00. */
export const schedule = z
  .strictObject({
    name: z.string().min(1),
    /** Cron syntax: minute hour day-of-month month day-of-week ("0 9 * * 1" = Mondays 09:00). */
    cron: z.string().min(1),
    /** IANA time zone the cron pattern is read in. */
    timezone: z.string().min(1).default('UTC'),
    receiver: z.string().min(1),
    reports: z
      .array(z.enum(SCHEDULED_REPORTS, { error: `must be one of ${SCHEDULED_REPORTS.join(', ')}` }))
      .min(1)
      .default(['skew', 'cost']),
  })
  .superRefine((s, ctx) => {
    const problem = cronProblem(s.cron, s.timezone);
    if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: `not a valid cron pattern in time zone ${s.timezone}: ${problem}` });
  });
export type ScheduleConfig = z.output<typeof schedule>;

export const alertsConfig = z
  .strictObject({
    /** Base URL people open fleetscope at; links in messages point here. */
    externalUrl: httpUrl.optional(),
    /** How often rules are evaluated and groups flushed. */
    evaluationInterval: durationDefault('15s'),
    rules: alertRules,
    route: route.optional(),
    receivers: z.array(receiver).default([]),
    delivery,
    /**
     * Bearer token POST /api/alertmanager requires (a secret; inline or the first
     * line of a file). Unset, the endpoint is open to whoever reaches the listen address.
     */
    inbound: z
      .strictObject({
        token: z.string().min(16, 'must be at least 16 characters').optional(),
        token_file: z.string().min(1).optional(),
        /**
         * How long an inbound alert posted without an end (Alertmanager posts firing alerts with a zero endsAt)
         * stays firing unless posted again. The default outlasts a stock Alertmanager's re-post (repeat_interval 4h,
         * checked every group_interval 5m), so a firing alert is never resolved by the timeout alone; Alertmanager's
         * own resolved message ends it at once.
         */
        resolve_timeout: durationDefault('4h15m'),
      })
      .refine((i) => !(i.token !== undefined && i.token_file !== undefined), { message: 'give token or token_file, not both' })
      .prefault({}),
    /** Reports posted to chat on a schedule. */
    schedules: z.array(schedule).default([]),
  })
  .prefault({})
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.receivers.forEach((r, i) => {
      if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['receivers', i, 'name'], message: `duplicate receiver name "${r.name}"` });
      names.add(r.name);
    });
    const walk = (node: RouteInput, path: PropertyKey[]) => {
      if (node.receiver !== undefined && !names.has(node.receiver))
        ctx.addIssue({ code: 'custom', path: [...path, 'receiver'], message: `no receiver named "${node.receiver}"` });
      node.routes.forEach((child, i) => walk(child, [...path, 'routes', i]));
    };
    const scheduleNames = new Set<string>();
    config.schedules.forEach((s, i) => {
      if (!names.has(s.receiver)) ctx.addIssue({ code: 'custom', path: ['schedules', i, 'receiver'], message: `no receiver named "${s.receiver}"` });
      if (scheduleNames.has(s.name)) ctx.addIssue({ code: 'custom', path: ['schedules', i, 'name'], message: `duplicate schedule name "${s.name}"` });
      scheduleNames.add(s.name);
    });
    if (config.route) {
      if (config.route.receiver === undefined) ctx.addIssue({ code: 'custom', path: ['route', 'receiver'], message: 'the top route needs a receiver' });
      walk(config.route, ['route']);
    }
  });
export type AlertsConfig = z.output<typeof alertsConfig>;

/** The SQLite file of store.path when neither it nor store.postgres is given. */
export const DEFAULT_STORE_PATH = 'data/fleetscope.db';

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL (postgres://user:password@host:port/database)');

/** A shared PostgreSQL database instead of the SQLite file (several replicas on one database). */
export const postgresStoreConfig = z
  .strictObject({
    /** postgres://user:password@host:port/database; a secret when it carries a password, so urlFile is the better way. */
    url: postgresUrl.optional(),
    /** A file whose first line is that URL (a mounted Secret). */
    urlFile: z.string().min(1).optional(),
    /** How long making a connection may take before the operation fails as unreachable. */
    connectTimeout: duration.default(5_000),
    /**
     * At start, how long fleetscope waits for a PostgreSQL it cannot reach yet
     * (starting alongside it, failing over) before it gives up; 0: not at all.
     * Other faults (a wrong password, no such database) stop it at once.
     */
    startupWait: duration.default(45_000),
    /** How long one statement may run before it is cancelled and the operation fails. */
    statementTimeout: duration.default(10_000),
    /** Connections fleetscope keeps open at most. */
    maxConnections: z.number().int().min(1).max(100).default(4),
    /**
     * Replicas on one database elect the one that delivers notifications and
     * runs schedules with a lease row: it holds the lease for leaseDuration,
     * renewing it every retryPeriod; the others try to take it as often.
     */
    leaderElection: z
      .strictObject({
        leaseDuration: duration.default(10_000),
        retryPeriod: duration.default(2_000),
      })
      .refine((l) => l.retryPeriod * 2 <= l.leaseDuration, { message: 'retryPeriod must be at most half of leaseDuration', path: ['retryPeriod'] })
      .prefault({}),
  })
  .refine((p) => (p.url === undefined) !== (p.urlFile === undefined), { message: 'give exactly one of url and urlFile', path: ['url'] });
export type PostgresStoreConfig = z.output<typeof postgresStoreConfig>;

/** Where fleetscope keeps state across restarts (alert state, outbox, silences): a SQLite file, or PostgreSQL. */
export const storeConfig = z
  .strictObject({
    /** SQLite file (default data/fleetscope.db), created with its folder on first start; relative paths are from the working directory. */
    path: z.string().min(1).optional(),
    postgres: postgresStoreConfig.optional(),
    /** How long each cluster's status transitions and the events are kept (the status history, "since" times, the feed after a restart). */
    historyRetention: duration.default(7 * 86_400_000),
  })
  .refine((s) => s.path === undefined || s.postgres === undefined, {
    message: 'give store.path (a SQLite file) or store.postgres, not both',
    path: ['postgres'],
  })
  .prefault({});
export type FleetscopeStoreConfig = z.output<typeof storeConfig>;
