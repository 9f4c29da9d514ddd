import { Cron } from 'croner';
import type { ScheduleView } from '../../shared/alerts';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetSkew } from '../../shared/reports/skew';
import type { ScheduleConfig } from '../config/schema/alerts';
import type { Logger } from '../log';
import type { Notification, ReportDigest } from '../store/records';
import type { Fence, Store } from '../store/types';
import { costDigest, skewDigest } from './digest';

export interface SchedulerOptions {
  schedules: readonly ScheduleConfig[];
  store: Store;
  skew?: () => FleetSkew | null;
  cost?: () => FleetCost | null;
  externalUrl: () => string;
  newId: () => string;
  logger: Logger;
}

function reportNotification(args: { id: string; receiver: string; schedule: string; digest: ReportDigest; at: number; externalURL: string }): Notification {
  return {
    id: args.id,
    receiver: args.receiver,
    groupKey: `schedule:${args.schedule}:${args.digest.kind}`,
    status: 'resolved',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    counts: { firing: 0, resolved: 0 },
    clusters: [],
    alerts: [],
    truncatedAlerts: 0,
    externalURL: args.externalURL,
    createdAt: args.at,
    report: args.digest,
  };
}

/**
 * Posts reports to chat on cron schedules. The last run of each schedule is
 * stored with the messages it queued (one transaction), so a restart neither
 * repeats a run nor skips one that fell due while fleetscope was down (that
 * one is sent once, late).
 */
export async function createScheduler(options: SchedulerOptions) {
  let runs = await options.store.scheduleRuns();
  const crons = options.schedules.map((s) => ({ config: s, cron: new Cron(s.cron, { paused: true, timezone: s.timezone }) }));

  return {
    /** Reads the last runs again (this replica just took over from another leader, which ran schedules meanwhile). */
    async reload(): Promise<void> {
      runs = await options.store.scheduleRuns();
    },
    /** Runs every schedule that fell due at or before `now`; with a fence, its runs are recorded only while it holds the lease. */
    async tick(now: number, fence?: Fence): Promise<void> {
      for (const { config, cron } of crons) {
        const last = runs.get(config.name);
        if (last === undefined) {
          // First sight: remember when we started looking, so a run due while down later is not lost.
          await options.store.commitScheduledRun(config.name, now, [], fence);
          runs.set(config.name, now);
          continue;
        }
        const next = cron.nextRun(new Date(last));
        if (!next || next.getTime() > now) continue;
        const base = options.externalUrl();
        const digests: ReportDigest[] = [];
        for (const kind of config.reports) {
          const skew = kind === 'skew' ? options.skew?.() : null;
          const cost = kind === 'cost' ? options.cost?.() : null;
          if (skew) digests.push(skewDigest(skew, base));
          if (cost) digests.push(costDigest(cost, base));
        }
        const notifications = digests.map((digest) =>
          reportNotification({ id: options.newId(), receiver: config.receiver, schedule: config.name, digest, at: now, externalURL: base }),
        );
        await options.store.commitScheduledRun(config.name, now, notifications, fence);
        runs.set(config.name, now);
        options.logger.info(
          { component: 'alerts', schedule: config.name, receiver: config.receiver, reports: digests.map((d) => d.kind) },
          'scheduled report queued',
        );
      }
    },
    /** Next run of each schedule, for the API. */
    nextRuns(now: number): ScheduleView[] {
      return crons.map(({ config, cron }) => ({
        name: config.name,
        receiver: config.receiver,
        reports: [...config.reports],
        next: cron.nextRun(new Date(runs.get(config.name) ?? now))?.getTime() ?? null,
        last: runs.get(config.name) ?? null,
      }));
    },
  };
}
