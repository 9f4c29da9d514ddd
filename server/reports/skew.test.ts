import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, fixtureInventory, hygieneText, inventoryOfText } from '../../test/fixtures/hygiene/load';
import { golden } from '../../test/fixtures/reports/golden';
import { loadSnapshot } from '../../test/fixtures/reports/load-snapshot';
import { defaultReportsConfig } from '../config/schema/reports';
import { eolStatus } from './eol';
import { shippedTables } from '../../test/helpers/report-settings';
import { fleetSkew } from './skew';

const reports = defaultReportsConfig();
const tables = shippedTables(reports);
if (!tables.ok) throw new Error(tables.problems.join('\n'));
const settings = { reports, tables: tables.tables };
const { inventories, now } = loadSnapshot('fleet-skew');
const report = fleetSkew(inventories, now, settings);
const cluster = (name: string) => {
  const found = report.clusters.find((c) => c.cluster === name);
  if (!found) throw new Error(`no cluster ${name}`);
  return found;
};

describe('skew report on the recorded fleet', () => {
  it('matches the reviewed golden report', () => {
    const text = `${JSON.stringify(report, null, 2)}\n`;
    expect(text).toBe(golden('skew.json', text));
  });

  it('flags the kubelet four minors behind and names what blocks the next upgrade', () => {
    const prod = cluster('prod-eu');
    expect(prod.findings.map((f) => f.message)).toContain('kubelet v1.31.9 on prod-eu-3 is 4 minors older than kube-apiserver 1.35 (at most 3 allowed)');
    expect(prod.upgrade?.target).toBe('1.36');
    expect(prod.upgrade?.blockers.filter((b) => b.component === 'kubelet').map((b) => b.subject)).toEqual(['prod-eu-2', 'prod-eu-3']);
  });

  it('reads HA API servers from kubernetes_build_info and node versions from kube_node_info when the API is absent', () => {
    const staging = cluster('staging');
    expect(staging.apiServer).toEqual({ versions: ['v1.33.4', 'v1.32.8'], source: 'kubernetes_build_info' });
    expect(staging.nodes.source).toBe('kube_node_info');
    expect(staging.findings[0]?.rule).toBe('kubelet_newer');
  });

  it('says which input is missing instead of reporting nothing wrong', () => {
    expect(cluster('new').missing.map((m) => m.input)).toEqual(['Kubernetes API /version', 'kubernetes_build_info', 'kube_node_info']);
    expect(cluster('new').eol).toBeNull();
  });

  it('shows the fleet: minors, clusters behind the newest, image drift', () => {
    expect(report.fleet.newestMinor).toBe('1.35');
    expect(report.fleet.behind).toEqual([
      { cluster: 'staging', minor: '1.32', minorsBehind: 3 },
      { cluster: 'legacy', minor: '1.26', minorsBehind: 9 },
    ]);
    expect(report.fleet.imageDrift).toEqual([
      {
        namespace: 'payments',
        workload: 'Deployment/api',
        workloadBasis: 'name pattern',
        container: 'api',
        images: [
          { image: 'registry.example.com/payments/api:1.4.0', clusters: ['prod-eu'] },
          { image: 'registry.example.com/payments/api:1.5.0', clusters: ['staging'] },
        ],
      },
    ]);
  });
});

describe('end of life', () => {
  const releases = { '1.35': { endOfLife: '2027-02-28' } };
  it('warns within the window, is past from the EOL day on, unknown when not in the table', () => {
    expect(eolStatus('1.35', releases, Date.parse('2026-11-21T10:00:00Z'), 90)).toEqual({
      minor: '1.35',
      endOfLife: '2027-02-28',
      daysLeft: 99,
      state: 'supported',
    });
    expect(eolStatus('1.35', releases, Date.parse('2026-12-01T00:00:00Z'), 90)).toMatchObject({ daysLeft: 89, state: 'eol_soon' });
    expect(eolStatus('1.35', releases, Date.parse('2027-02-28T00:00:00Z'), 90)).toMatchObject({ daysLeft: 0, state: 'past_eol' });
    expect(eolStatus('1.99', releases, 0, 90)).toEqual({ minor: '1.99', endOfLife: null, daysLeft: null, state: 'unknown' });
  });

  it('ships the release table with every minor from 1.23 to 1.36', () => {
    expect(Object.keys(settings.tables.releases).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))).toEqual(
      Array.from({ length: 14 }, (_, i) => `1.${23 + i}`),
    );
  });
});

describe('deprecated APIs still called, in the upgrade readiness', () => {
  it('block the upgrade to the release that removes them, in a sentence', () => {
    // API server v1.31.4 (deprecated-apis.prom): the next minor 1.32 removes flowcontrol v1beta3.
    const skew = fleetSkew([fixtureInventory('prod-eu', ['deprecated-apis'])], FIXTURE_NOW, settings).clusters[0]!;
    expect(skew.upgrade).toMatchObject({ target: '1.32', ready: false, blockers: [] });
    expect(skew.upgrade?.removedApis?.map((a) => `${a.group}/${a.version} ${a.resource}`)).toEqual([
      'flowcontrol.apiserver.k8s.io/v1beta3 flowschemas',
      'flowcontrol.apiserver.k8s.io/v1beta3 prioritylevelconfigurations',
    ]);
    expect(skew.upgrade?.breaks).toBe(
      'upgrading to 1.32 breaks: clients still call flowcontrol.apiserver.k8s.io/v1beta3 flowschemas (removed in 1.32) and flowcontrol.apiserver.k8s.io/v1beta3 prioritylevelconfigurations (removed in 1.32)',
    );
  });

  it('do not block an upgrade to a release that keeps them, and say nothing without the metric', () => {
    const later = hygieneText('deprecated-apis').replace('v1.31.4', 'v1.30.2');
    const skew = fleetSkew([inventoryOfText('prod-eu', later)], FIXTURE_NOW, settings).clusters[0]!;
    expect(skew.upgrade).toEqual({ target: '1.31', ready: true, blockers: [], removedApis: [] });
    const without = fleetSkew([inventoryOfText('prod-eu', 'kubernetes_build_info{git_version="v1.31.4",job="apiserver"} 1\n')], FIXTURE_NOW, settings);
    expect(without.clusters[0]!.upgrade).toEqual({ target: '1.32', ready: true, blockers: [] });
  });
});
