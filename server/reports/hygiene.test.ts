import { describe, expect, it } from 'vitest';
import type { ClusterHygiene, HygieneFinding } from '../../shared/reports/hygiene';
import { ALL_COMPANIONS, FIXTURE_NOW, fixtureInventory, hygieneFleet, hygieneText, inventoryOfText } from '../../test/fixtures/hygiene/load';
import { testSettings } from '../../test/helpers/report-settings';
import { defaultReportsConfig } from '../config/schema/reports';
import type { ClusterInventory } from '../inventory/types';
import { clusterHygiene, fleetHygiene } from './hygiene';
import { HYGIENE_RULES } from './hygiene-rules';

const settings = testSettings();
const withHygiene = (hygiene: NonNullable<NonNullable<Parameters<typeof defaultReportsConfig>[0]>['hygiene']>) => ({
  ...settings,
  reports: defaultReportsConfig({ hygiene }),
});

function clusterOf(inventory: ClusterInventory, s = settings): ClusterHygiene {
  return fleetHygiene([inventory], FIXTURE_NOW, s).clusters[0]!;
}

/** The findings of one rule, as [severity, subject, value rounded] rows, for the golden expectations below. */
function rows(cluster: ClusterHygiene, rule: string): Array<[string, string, number | null]> {
  return cluster.findings
    .filter((f) => f.rule === rule)
    .map((f: HygieneFinding) => [f.severity, f.subject, f.value === undefined ? null : Number(f.value.toFixed(3))]);
}

const everything = clusterOf(fixtureInventory('prod-eu', [...ALL_COMPANIONS]));

describe('hygiene rules over each project’s exposition text', () => {
  it('velero: backup age per schedule, failures since the earlier scrape, and Velero with no schedule', () => {
    expect(rows(everything, 'velero_backup_stale')).toEqual([
      ['critical', 'daily', 72],
      ['critical', 'weekly', null],
    ]);
    expect(everything.findings.find((f) => f.subject === 'weekly')?.message).toBe(
      'backup schedule weekly never succeeded (critical at 49 or more: hours since the last successful backup)',
    );
    expect(rows(everything, 'velero_backup_failed')).toEqual([['warning', 'hourly-db', 1]]);
    expect(rows(everything, 'velero_last_backup_failed')).toEqual([
      ['warning', 'daily', 1],
      ['warning', 'weekly', 1],
    ]);
    expect(rows(everything, 'velero_no_schedule')).toEqual([]);
    const none = clusterOf(fixtureInventory('prod-us', ['velero-no-schedule']));
    expect(rows(none, 'velero_no_schedule')).toEqual([['warning', 'prod-us', 1]]);
    expect(none.checks.find((c) => c.check === 'velero')).toEqual({ check: 'velero', status: 'warning', summary: '0 schedules, 1 warning' });
  });

  it('velero without an earlier scrape counts no failures and says nothing false', () => {
    const first = clusterOf(fixtureInventory('prod-eu', ['velero'], { earlier: false }));
    expect(rows(first, 'velero_backup_failed')).toEqual([]);
    expect(rows(first, 'velero_backup_stale')).toHaveLength(2);
  });

  it('argocd: OutOfSync, Degraded, and neither Healthy nor Degraded', () => {
    expect(rows(everything, 'argocd_out_of_sync')).toEqual([['warning', 'payments', 1]]);
    expect(rows(everything, 'argocd_degraded')).toEqual([['critical', 'search', 1]]);
    expect(rows(everything, 'argocd_not_healthy')).toEqual([['warning', 'ml', 1]]);
    const outOfSync = everything.findings.find((f) => f.rule === 'argocd_out_of_sync');
    expect(outOfSync).toMatchObject({
      namespace: 'argocd',
      message: 'application payments (project finance) is OutOfSync with prod-eu (in-cluster) namespace payments',
    });
    // A destination that is a fleet cluster's API server is named as that cluster.
    const named = clusterHygiene(fixtureInventory('prod-eu', [...ALL_COMPANIONS]), FIXTURE_NOW, {
      ...settings,
      apiServers: new Map([['https://10.0.0.5:6443', 'prod-us']]),
    });
    expect(named.findings.find((f) => f.rule === 'argocd_degraded')?.message).toBe(
      'application search is Degraded on cluster prod-us (https://10.0.0.5:6443) namespace search',
    );
  });

  it('flux: not Ready from gotk_reconcile_condition and gotk_resource_info, suspended as info', () => {
    expect(rows(everything, 'flux_not_ready')).toEqual([
      ['warning', 'HelmRelease/redis', 1],
      ['warning', 'HelmRelease/grafana', 1],
    ]);
    expect(rows(everything, 'flux_suspended')).toEqual([['info', 'Kustomization/infra', 1]]);
    expect(everything.findings.find((f) => f.subject === 'HelmRelease/grafana')?.namespace).toBe('monitoring');
  });

  it('cert-manager: not Ready, and expiring within 14 days (warning) or 3 days (critical)', () => {
    expect(rows(everything, 'certificate_not_ready')).toEqual([['warning', 'grpc-tls', 1]]);
    expect(rows(everything, 'certificate_expiring')).toEqual([
      ['critical', 'grpc-tls', 1],
      ['warning', 'api-tls', 6],
    ]);
  });

  it('etcd: no leader, leader changes, database against quota, WAL fsync p99 over the last minute', () => {
    expect(rows(everything, 'etcd_no_leader')).toEqual([['critical', '10.0.1.11:2379', 1]]);
    expect(rows(everything, 'etcd_leader_changes')).toEqual([['warning', '10.0.1.11:2379', 1]]);
    expect(rows(everything, 'etcd_db_quota')).toEqual([['warning', '10.0.1.10:2379', 90]]);
    // Over the buckets' rise: 90 of the last 100 fsyncs took 0.512–1.024 s, so p99 = 0.512 + 0.512 × 89/90.
    expect(rows(everything, 'etcd_wal_fsync_slow')).toEqual([['critical', '10.0.1.10:2379', 1.018]]);
  });

  it('etcd without an earlier scrape: the p99 since the member started, said so', () => {
    const first = clusterOf(fixtureInventory('prod-eu', ['etcd'], { earlier: false }));
    // Over the totals: rank 990 of 1000 in the 0.512–1.024 bucket (910 → 1000).
    expect(rows(first, 'etcd_wal_fsync_slow')).toEqual([['warning', '10.0.1.10:2379', 0.967]]);
    expect(first.findings.find((f) => f.rule === 'etcd_wal_fsync_slow')?.message).toContain('since it started: no earlier scrape to rate against yet');
    expect(rows(first, 'etcd_leader_changes')).toEqual([]);
  });

  it('cilium: unreachable nodes, endpoints stuck, agents down', () => {
    expect(rows(everything, 'cilium_unreachable_nodes')).toEqual([['warning', 'cilium-9qzt7', 2]]);
    expect(rows(everything, 'cilium_endpoints_not_ready')).toEqual([['warning', 'not-ready', 3]]);
    expect(rows(everything, 'cilium_agent_down')).toEqual([['critical', '10.0.2.3:9962', 1]]);
  });

  it('cilium: agents scraped by pod annotations (kubernetes-pods) are agents too, the operator never', () => {
    const text = [
      'up{instance="10.0.3.1:9962",job="kubernetes-pods",namespace="kube-system",pod="cilium-x2k4p"} 0',
      'up{instance="10.0.3.2:9962",job="kubernetes-pods",kubernetes_pod_name="cilium-7fq9z"} 1',
      'up{instance="10.0.3.9:9963",job="kubernetes-pods",pod="cilium-operator-6d8f4b7c9d-x2k4p"} 0',
      '',
    ].join('\n');
    const annotated = clusterOf(inventoryOfText('dev', text));
    expect(rows(annotated, 'cilium_agent_down')).toEqual([['critical', '10.0.3.1:9962', 1]]);
    expect(annotated.checks.find((c) => c.check === 'cilium')?.status).toBe('critical');
  });

  it('istio: proxies a minor or more from istiod, push errors since the earlier scrape', () => {
    expect(rows(everything, 'istio_version_skew')).toEqual([
      ['warning', '1.22.5', 2],
      ['warning', '1.23.1', 1],
    ]);
    expect(rows(everything, 'istio_push_errors')).toEqual([['warning', 'istiod', 3]]);
  });

  it('gatekeeper: violations per enforcement action, audit age', () => {
    expect(rows(everything, 'gatekeeper_violations')).toEqual([
      ['warning', 'deny', 7],
      ['warning', 'warn', 2],
    ]);
    expect(rows(everything, 'gatekeeper_audit_stale')).toEqual([['warning', 'audit', 29.992]]);
  });

  it('deprecated APIs: removed in the next minor is a warning, no removal planned is info', () => {
    const apis = clusterOf(fixtureInventory('prod-eu', ['deprecated-apis']));
    expect(rows(apis, 'deprecated_api_in_use')).toEqual([
      ['warning', 'flowcontrol.apiserver.k8s.io/v1beta3 flowschemas', 1],
      ['warning', 'flowcontrol.apiserver.k8s.io/v1beta3 prioritylevelconfigurations', 1],
      ['info', 'v1 componentstatuses', null],
    ]);
  });

  it('every rule of the table is exercised by the fixtures', () => {
    const fleet = fleetHygiene(hygieneFleet().inventories, FIXTURE_NOW, settings);
    const seen = new Set(fleet.clusters.flatMap((c) => c.findings.map((f) => f.rule)));
    expect(HYGIENE_RULES.map((r) => r.id).filter((id) => !seen.has(id))).toEqual([]);
    expect(seen.has('cidr_overlap')).toBe(true);
  });
});

describe('labels moved by a cluster Prometheus without honor_labels', () => {
  it('reads the exporter’s own namespace from exported_namespace, not the target’s', () => {
    // A cluster Prometheus scraping the exporter without honor_labels keeps the target's namespace and moves the exporter's.
    const moved = (name: string) => hygieneText(name).replace(/([{,])namespace="([^"]*)"/g, '$1exported_namespace="$2",namespace="monitoring"');
    const inventory = inventoryOfText('prod-eu', moved('argocd') + moved('cert-manager') + moved('flux'));
    expect(inventory.companions.argoApplications?.map((a) => a.namespace)).toEqual(['argocd', 'argocd', 'argocd', 'argocd']);
    expect(inventory.companions.certificates?.map((c) => c.namespace)).toEqual(['shop', 'api', 'api']);
    const c = clusterOf(inventory);
    expect(c.findings.filter((f) => f.rule === 'flux_not_ready').map((f) => f.namespace)).toEqual(['cache', 'monitoring']);
  });
});

describe('checks whose input is missing', () => {
  it('say which match[] selector to add, never fine', () => {
    const bare = clusterOf(fixtureInventory('dev', []));
    expect(bare.checks.map((c) => c.status)).toEqual(Array(10).fill('missing'));
    expect(bare.checks[0]).toEqual({
      check: 'velero',
      status: 'missing',
      summary: 'Velero not seen',
      hint: 'add {__name__=~"velero_backup_.+"} to match[] (or Velero does not run in this cluster)',
    });
    expect(bare.missing.find((m) => m.input === 'velero_backup_last_successful_timestamp')?.effect).toBe('Velero not checked (not in the federated series)');
    expect(bare.checks.find((c) => c.check === 'cidr')?.hint).toContain('kube_node_info{pod_cidr}');
  });
});

describe('thresholds from reports.hygiene.rules', () => {
  it('moves a threshold, turns a level off and turns a rule off', () => {
    const s = withHygiene({ rules: { certificate_expiring: { warning: 30, critical: null }, argocd_out_of_sync: { enabled: false } } });
    const c = clusterOf(fixtureInventory('prod-eu', ['cert-manager', 'argocd']), s);
    expect(rows(c, 'certificate_expiring')).toEqual([
      ['warning', 'api-tls', 6],
      ['warning', 'grpc-tls', 1],
    ]);
    expect(rows(c, 'argocd_out_of_sync')).toEqual([]);
  });
});

describe('CIDR overlaps', () => {
  it('lists each overlap between two clusters once, with the exact range, in every cluster it touches', () => {
    const fleet = fleetHygiene(hygieneFleet().inventories, FIXTURE_NOW, settings);
    expect(fleet.fleet.cidrOverlaps.map((o) => [o.group, `${o.a.cluster}/${o.a.node}`, o.a.cidr, `${o.b.cluster}/${o.b.node}`, o.b.cidr, o.overlap])).toEqual([
      ['all', 'prod-eu/a-1', '10.244.0.0/24', 'prod-us/b-1', '10.244.0.0/16', '10.244.0.0/24'],
      ['all', 'prod-eu/a-2', '10.244.1.0/24', 'prod-us/b-1', '10.244.0.0/16', '10.244.1.0/24'],
    ]);
    expect(rows(fleet.clusters[1]!, 'cidr_overlap')).toEqual([
      ['warning', '10.244.0.0/16', 1],
      ['warning', '10.244.0.0/16', 1],
    ]);
  });

  it('compares only clusters of one network group, with service CIDRs from the config, never within a cluster', () => {
    const inventories = [fixtureInventory('prod-eu', ['nodes-a']), fixtureInventory('prod-us', ['nodes-b']), fixtureInventory('dev', ['nodes-a'])];
    const s = withHygiene({
      networkGroups: [{ name: 'mesh', selector: 'name in (prod-eu,dev)' }],
      serviceCIDRs: { 'prod-eu': ['10.96.0.0/12', '10.244.1.0/24'], dev: ['fd00:10:96::/112'] },
    });
    const fleet = fleetHygiene(inventories, FIXTURE_NOW, s);
    // prod-us is in no group; prod-eu's own service range over its own node a-2 is not compared.
    expect(fleet.fleet.cidrOverlaps.map((o) => `${o.a.cluster} ${o.a.kind} ${o.a.cidr} × ${o.b.cluster} ${o.b.kind} ${o.b.cidr} = ${o.overlap}`)).toEqual([
      'prod-eu pod 10.244.0.0/24 × dev pod 10.244.0.0/24 = 10.244.0.0/24',
      'prod-eu pod 10.244.1.0/24 × dev pod 10.244.1.0/24 = 10.244.1.0/24',
      'prod-eu service 10.244.1.0/24 × dev pod 10.244.1.0/24 = 10.244.1.0/24',
    ]);
    expect(fleet.clusters[1]!.checks.find((c) => c.check === 'cidr')).toEqual({ check: 'cidr', status: 'ok', summary: '1 pod range, 0 service ranges' });
  });
});
