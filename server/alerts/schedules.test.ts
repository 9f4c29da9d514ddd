import { describe, expect, it } from 'vitest';
import type { FleetSkew } from '../../shared/reports/skew';
import { schedule } from '../config/schema/alerts';
import { createLogger } from '../log';
import { openTestStore } from '../../test/helpers/store';
import { createScheduler } from './schedules';

const skew: FleetSkew = {
  generatedAt: 0,
  clusters: [
    {
      cluster: 'prod-eu',
      labels: {},
      apiServer: { versions: ['v1.33.1'], source: 'kubernetes-api' },
      nodes: { source: null, total: 0, kubelet: {}, kubeProxy: {}, containerRuntime: {}, osImage: {} },
      controlPlane: {},
      findings: [],
      eol: { minor: '1.33', endOfLife: '2026-06-28', daysLeft: -146, state: 'past_eol' },
      upgrade: null,
      missing: [],
    },
    {
      cluster: 'dev',
      labels: {},
      apiServer: { versions: ['v1.34.0'], source: 'kubernetes-api' },
      nodes: { source: null, total: 0, kubelet: {}, kubeProxy: {}, containerRuntime: {}, osImage: {} },
      controlPlane: {},
      findings: [],
      eol: { minor: '1.34', endOfLife: '2026-10-27', daysLeft: 5, state: 'eol_soon' },
      upgrade: null,
      missing: [],
    },
  ],
  fleet: { minors: [], newestMinor: '1.34', behind: [{ cluster: 'prod-eu', minor: '1.33', minorsBehind: 1 }], imageDrift: [] },
};

const at = (iso: string) => Date.parse(iso);
const mondays = schedule.parse({ name: 'weekly', cron: '0 9 * * 1', receiver: 'chat', reports: ['skew'] });

describe('scheduled reports', () => {
  it('posts on the cron schedule, once, across a restart, and catches up a run missed while down', async () => {
    const store = openTestStore(':memory:');
    let id = 0;
    const make = () =>
      createScheduler({
        schedules: [mondays],
        store,
        skew: () => skew,
        externalUrl: () => 'http://fs',
        newId: () => `r${++id}`,
        logger: createLogger({ level: 'silent' }),
      });
    const queued = async () => (await store.listNotifications({ limit: 100 })).map((i) => i.notification);

    let scheduler = await make();
    await scheduler.tick(at('2026-11-23T08:00:00Z')); // Monday 08:00: first sight, nothing due
    await scheduler.tick(at('2026-11-23T08:59:59Z'));
    expect(await queued()).toEqual([]);
    await scheduler.tick(at('2026-11-23T09:00:05Z'));
    const [first] = await queued();
    expect(first?.report).toEqual({
      kind: 'skew',
      title: 'Version skew — 2 clusters',
      summary: 'Newest minor 1.34; 1 behind it; 1 past end of life, 1 near it; 0 skew findings.',
      lines: ['prod-eu: 1.33 — past end of life (2026-06-28); 0 skew findings', 'dev: 1.34 — end of life 2026-10-27 (5 days); 0 skew findings'],
      link: 'http://fs/skew',
    });

    scheduler = await make(); // restart after the run: not repeated
    await scheduler.tick(at('2026-11-23T09:01:00Z'));
    expect(await queued()).toHaveLength(1);
    expect(scheduler.nextRuns(at('2026-11-23T09:01:00Z'))[0]?.next).toBe(at('2026-11-30T09:00:00Z'));

    scheduler = await make(); // down over the next Monday 09:00, back at 11:00: sent once, late
    await scheduler.tick(at('2026-11-30T11:00:00Z'));
    await scheduler.tick(at('2026-11-30T11:00:01Z'));
    expect(await queued()).toHaveLength(2);
    await store.close();
  });

  it('refuses a bad cron pattern or time zone with the reason', () => {
    const bad = schedule.safeParse({ name: 'x', cron: '0 25 * * *', receiver: 'chat' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['cron']);
    expect(bad.error?.issues[0]?.message).toMatch(/not a valid cron pattern in time zone UTC: .*hour/);
    expect(schedule.safeParse({ name: 'x', cron: '0 9 * * 1', timezone: 'Mars/Base', receiver: 'chat' }).success).toBe(false);
  });
});
