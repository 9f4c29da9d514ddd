import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, fixtureInventory, hygieneFleet } from '../../test/fixtures/hygiene/load';
import { loadSnapshot } from '../../test/fixtures/reports/load-snapshot';
import { shippedTables } from '../../test/helpers/report-settings';
import { defaultReportsConfig } from '../config/schema/reports';
import type { ClusterInventory } from '../inventory/types';
import { costOfParts, fleetCost } from './cost';
import { fleetHealth, healthOfParts } from './health';
import { fleetHygiene, hygieneOfParts } from './hygiene';
import { clusterParts, createPartMemos, type ClusterParts } from './parts';
import type { ReportSettings } from './settings';
import { fleetSkew, skewOfParts } from './skew';

const reports = defaultReportsConfig({
  // An IPv6 service range and a group by selector, so the ranges read back from JSON are compared too.
  hygiene: { networkGroups: [{ name: 'all' }, { name: 'prod', selector: 'name in (prod-eu,prod-us)' }], serviceCIDRs: { dev: ['fd00:10:96::/112'] } },
});
const tables = shippedTables(reports);
if (!tables.ok) throw new Error(tables.problems.join('\n'));
const settings: ReportSettings = { reports, tables: tables.tables };

/** What another replica reads back from PostgreSQL. */
const viaJson = (parts: readonly ClusterParts[]): ClusterParts[] => JSON.parse(JSON.stringify(parts)) as ClusterParts[];

// The fleet recorded from the simulator (prod-us, dev, legacy-batch) and the hygiene fixture fleet (companions, overlapping pod ranges).
const demo = loadSnapshot('demo-recorded');
const hygiene = hygieneFleet();
const fleets: Array<[string, readonly ClusterInventory[], number]> = [
  ['the recorded demo fleet', demo.inventories, demo.now],
  ['the hygiene fixture fleet', [...hygiene.inventories, fixtureInventory('dev-2', ['nodes-a'])], FIXTURE_NOW],
];

describe.each(fleets)('each report rolled up from parts read back from JSON, on %s', (_name, inventories, now) => {
  const parts = viaJson(inventories.map((c) => clusterParts(c, now, settings)));

  it('parts are plain JSON data: read back, they are the same', () => {
    expect(parts).toStrictEqual(inventories.map((c) => clusterParts(c, now, settings)));
  });

  it('health', () => {
    expect(
      healthOfParts(
        parts.map((p) => p.health),
        now,
      ),
    ).toStrictEqual(fleetHealth(inventories, now, settings.reports.health));
  });

  it('cost', () => {
    expect(
      costOfParts(
        parts.map((p) => p.cost),
        now,
      ),
    ).toStrictEqual(fleetCost(inventories, now, settings));
  });

  it('skew', () => {
    expect(
      skewOfParts(
        parts.map((p) => p.skew),
        now,
      ),
    ).toStrictEqual(fleetSkew(inventories, now, settings));
  });

  it('hygiene, the CIDR overlaps across network groups included', () => {
    const fleet = fleetHygiene(inventories, now, settings);
    expect(
      hygieneOfParts(
        parts.map((p) => p.hygiene),
        now,
        settings,
      ),
    ).toStrictEqual(fleet);
  });

  it('with the memos, the same parts', () => {
    const memos = createPartMemos();
    inventories.map((c) => clusterParts(c, now, settings, memos));
    expect(viaJson(inventories.map((c) => clusterParts(c, now, settings, memos)))).toStrictEqual(parts);
  });
});

it('the hygiene fixture fleet has overlaps to read back (the test above compares some)', () => {
  const inventories = [...hygiene.inventories, fixtureInventory('dev-2', ['nodes-a'])];
  const parts = viaJson(inventories.map((c) => clusterParts(c, FIXTURE_NOW, settings)));
  expect(
    hygieneOfParts(
      parts.map((p) => p.hygiene),
      FIXTURE_NOW,
      settings,
    ).fleet.cidrOverlaps.length,
  ).toBeGreaterThan(2);
});
