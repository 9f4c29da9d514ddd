import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedTables as loadShipped } from '../../test/helpers/report-settings';
import { validateConfig } from './load';
import { defaultReportsConfig } from './schema/reports';

describe('loading price profiles and the release table', () => {
  it('ships OpenCost default prices and the example profile', () => {
    const result = loadShipped(defaultReportsConfig());
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.tables.prices.default).toEqual({
      currency: 'USD',
      cpuCoreHour: 0.031611,
      memoryGiBHour: 0.004237,
      gpuHour: 0.95,
      storageGiBMonth: 0.04,
      nodes: [],
    });
    expect(Object.keys(result.tables.prices).sort()).toEqual(['aws-eu-west-1', 'default']);
    expect(result.tables.releases['1.35']).toEqual({ released: '2025-12-17', endOfLife: '2027-02-28' });
  });

  it('lists every problem with its file and path, and unknown profiles and rules', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-prices-'));
    writeFileSync(path.join(dir, 'bad.yaml'), 'currency: dollars\ncpuCoreHour: -1\n');
    const result = loadShipped(
      defaultReportsConfig({ cost: { pricesDir: dir, clusters: { 'prod-eu': 'nope' } }, health: { rules: { pods_crashlop: { warning: 2 } } } }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        `${dir}/bad.yaml: currency: must be an ISO 4217 code like USD or EUR`,
        `${dir}/bad.yaml: cpuCoreHour: must be 0 or more`,
        'reports.cost.clusters.prod-eu: no price profile "nope" (have default)',
        expect.stringMatching(/^reports\.health\.rules\.pods_crashlop: no such rule \(rules are prometheus_unreachable, .*pods_crashloop/),
      ],
    });
  });

  it('inline profiles and releases replace the shipped ones', () => {
    const result = loadShipped(
      defaultReportsConfig({ cost: { profiles: { default: { currency: 'EUR' } } }, skew: { releases: { '1.37': { endOfLife: '2027-10-28' } } } }),
    );
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.tables.prices.default?.currency).toBe('EUR');
    expect(result.tables.releases['1.37']).toEqual({ endOfLife: '2027-10-28' });
  });
});

describe('reports.hygiene', () => {
  it('names an unknown hygiene rule, a range that is not a CIDR and a bad selector by their field', () => {
    const result = loadShipped(defaultReportsConfig({ hygiene: { rules: { velero_stale: { warning: 48 } } } }));
    expect(result).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^reports\.hygiene\.rules\.velero_stale: no such rule \(rules are velero_backup_stale, .*cidr_overlap\)$/)],
    });
    const parsed = validateConfig({
      clusters: [{ name: 'prod-eu', prometheus: { url: 'http://prometheus:9090/federate' } }],
      reports: { hygiene: { serviceCIDRs: { 'prod-eu': ['10.96.0.0/33'] }, networkGroups: [{ name: 'mesh', selector: 'env in prod' }] } },
    });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      'reports.hygiene.networkGroups[0].selector: must be a label selector like env=prod or region in (eu,us)',
      'reports.hygiene.serviceCIDRs.prod-eu[0]: must be a CIDR like 10.96.0.0/12 or fd00:10:96::/112',
    ]);
  });
});
