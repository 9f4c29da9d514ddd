import { describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../fleet/types';
import { createPreviousSnapshot } from './previous-snapshot';
import { scrapeOf } from '../../test/helpers/scrape';

const snap = (): FleetSnapshot => ({ clusters: [] });

describe('the earlier snapshot kept for rates', () => {
  it('is none until a minute has passed, then one between one and two minutes old', () => {
    const keeper = createPreviousSnapshot({ minAgeMs: 60_000 });
    const [a, b, c, d] = [snap(), snap(), snap(), snap()];
    keeper.observe(a, 0);
    keeper.observe(b, 30_000);
    expect(keeper.get()).toBeUndefined();
    keeper.observe(c, 60_000);
    expect(keeper.get()).toBe(a);
    keeper.observe(d, 100_000);
    expect(keeper.get()).toBe(a);
    keeper.observe(snap(), 120_000);
    expect(keeper.get()).toBe(c);
  });
});

describe('the earlier snapshot with `keep`', () => {
  it('holds only the kept metrics of each scrape, with their samples', () => {
    const sample = (name: string) => ({ name, labels: { pod: 'p' }, value: 1, timestampMs: null });
    const series = scrapeOf([sample('container_cpu_usage_seconds_total'), sample('kube_pod_info')], { cluster: 'c' });
    const cluster = {
      name: 'c',
      labels: {},
      prometheus: { lastAttempt: 1, lastSuccess: 1, lastDurationMs: 1, error: null, failures: {}, series, sampleCount: 2, bytes: 0, duplicates: 0, staleAfterMs: 300_000 },
      kubernetes: null,
    };
    const keeper = createPreviousSnapshot({ minAgeMs: 60_000, keep: ['container_cpu_usage_seconds_total'] });
    keeper.observe({ clusters: [cluster] }, 0);
    keeper.observe({ clusters: [cluster] }, 60_000);
    const kept = keeper.get()?.clusters[0]?.prometheus?.series;
    expect([...(kept?.names() ?? [])]).toEqual(['container_cpu_usage_seconds_total']);
    expect(kept?.get('container_cpu_usage_seconds_total')).toEqual(series.get('container_cpu_usage_seconds_total'));
    expect(keeper.get()?.clusters[0]?.prometheus?.lastSuccess).toBe(1);
  });
});
