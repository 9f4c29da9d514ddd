import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../test/fixtures/reports/load-snapshot';
import { inventoriesOf } from '../../test/helpers/inventory';
import { scrapeOf } from '../../test/helpers/scrape';
import type { ClusterSnapshot, FleetSnapshot } from '../fleet/types';
import { fleetCost, type CostWithTotals } from './cost';
import { ClusterMemo } from './memo';
import { createSkewMemo, fleetSkew } from './skew';
import { testSettings } from '../../test/helpers/report-settings';

const settings = testSettings();

/** The snapshot with one cluster's Prometheus data replaced by a copy scaled by `factor` (as a new scrape would). */
function rescraped(snapshot: FleetSnapshot, name: string, factor: number, lastSuccess?: number): FleetSnapshot {
  return {
    clusters: snapshot.clusters.map((c): ClusterSnapshot => {
      if (c.name !== name || !c.prometheus) return c;
      const old = c.prometheus.series;
      const series = scrapeOf(
        [...old.names()].flatMap((metric) => (old.get(metric) ?? []).map((s) => ({ ...s, value: s.value * factor }))),
        { cluster: c.name },
      );
      return { ...c, prometheus: { ...c.prometheus, series, lastSuccess: lastSuccess ?? c.prometheus.lastSuccess } };
    }),
  };
}

describe('fleet reports with a per-cluster memo', () => {
  const { snapshot, now } = loadSnapshot('cost-small');

  it('cost: the same report as without it, and a rescraped cluster is computed again', () => {
    const memo = new ClusterMemo<CostWithTotals>();
    expect(fleetCost(inventoriesOf(snapshot, now), now, settings, memo)).toEqual(fleetCost(inventoriesOf(snapshot, now), now, settings));
    const first = fleetCost(inventoriesOf(snapshot, now), now, settings, memo);
    const next = rescraped(snapshot, 'tiny', 2);
    const second = fleetCost(inventoriesOf(next, now + 1000), now + 1000, settings, memo);
    expect(second).toEqual(fleetCost(inventoriesOf(next, now + 1000), now + 1000, settings));
    const tiny = (r: typeof first) => r.clusters.find((c) => c.cluster === 'tiny');
    expect(tiny(second)?.assets?.hourly.total).toBeCloseTo(2 * (tiny(first)?.assets?.hourly.total ?? NaN), 9);
    // The clusters that were not scraped again are the very same objects: not recomputed.
    expect(second.clusters.filter((c) => c.cluster !== 'tiny').every((c) => first.clusters.includes(c))).toBe(true);
  });

  it('cost: data past staleAfter is never taken from the memo, and its age is stated', () => {
    const memo = new ClusterMemo<CostWithTotals>();
    fleetCost(inventoriesOf(snapshot, now), now, settings, memo);
    const later = now + 10 * 60_000;
    const report = fleetCost(inventoriesOf(snapshot, later), later, settings, memo);
    expect(report).toEqual(fleetCost(inventoriesOf(snapshot, later), later, settings));
    expect(JSON.stringify(report.clusters.find((c) => c.cluster === 'tiny')?.missing)).toContain('old, stale after 5m');
  });

  it('skew and image drift: the same report as without it, call after call', () => {
    const { snapshot: fleet, now: at } = loadSnapshot('fleet-skew');
    const memo = createSkewMemo();
    const first = fleetSkew(inventoriesOf(fleet, at), at, settings, memo);
    expect(first.fleet.imageDrift.length).toBeGreaterThan(0);
    expect(first).toEqual(fleetSkew(inventoriesOf(fleet, at), at, settings));
    expect(fleetSkew(inventoriesOf(fleet, at + 1000), at + 1000, settings, memo)).toEqual(fleetSkew(inventoriesOf(fleet, at + 1000), at + 1000, settings));
  });
});
