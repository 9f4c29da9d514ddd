import { describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../demo';
import { renderExposition, storedSeries, type StoredSeries } from '../exposition';
import { buildCluster } from '../model';
import { etcdFamilies } from './companion-families';
import { valueAt } from './families';
import { scrapeTargets } from './targets';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const DAY = 86_400_000;

function fleetSeries(): Map<string, StoredSeries[]> {
  return new Map(DEMO_FLEET.map((spec) => [spec.name, storedSeries(scrapeTargets(buildCluster(spec, { nowMs: NOW })))]));
}
const fleet = fleetSeries();
const of = (cluster: string, name: string) => fleet.get(cluster)!.filter((s) => s.name === name);
const labelNames = (series: StoredSeries[]) => [...new Set(series.map((s) => Object.keys(s.labels).sort().join(',')))];

describe('companion families: the names and labels the projects export, as a cluster Prometheus stores them', () => {
  it.each([
    ['velero_backup_last_successful_timestamp', 'prod-eu', 'instance,job,schedule'],
    ['velero_backup_success_total', 'prod-eu', 'instance,job,schedule'],
    ['velero_backup_failure_total', 'prod-eu', 'instance,job,schedule'],
    ['velero_backup_total', 'prod-eu', 'instance,job'],
    ['argocd_app_info', 'prod-eu', 'autosync_enabled,dest_namespace,dest_server,health_status,instance,job,name,namespace,project,repo,sync_status'],
    // The PodMonitor's target labels namespace and pod win; the resource's namespace is kept as exported_namespace.
    ['gotk_reconcile_condition', 'staging-eu', 'exported_namespace,instance,job,kind,name,namespace,pod,status,type'],
    [
      'gotk_resource_info',
      'staging-eu',
      'customresource_group,customresource_kind,customresource_version,exported_namespace,instance,job,name,ready,suspended',
    ],
    ['certmanager_certificate_ready_status', 'prod-eu', 'condition,instance,issuer_group,issuer_kind,issuer_name,job,name,namespace'],
    ['certmanager_certificate_expiration_timestamp_seconds', 'prod-eu', 'instance,issuer_group,issuer_kind,issuer_name,job,name,namespace'],
    ['etcd_server_has_leader', 'prod-eu', 'instance,job'],
    ['etcd_server_leader_changes_seen_total', 'prod-eu', 'instance,job'],
    ['etcd_mvcc_db_total_size_in_bytes', 'prod-eu', 'instance,job'],
    ['etcd_server_quota_backend_bytes', 'prod-eu', 'instance,job'],
    ['etcd_disk_wal_fsync_duration_seconds_bucket', 'prod-eu', 'instance,job,le'],
    ['etcd_disk_wal_fsync_duration_seconds_sum', 'prod-eu', 'instance,job'],
    ['etcd_disk_wal_fsync_duration_seconds_count', 'prod-eu', 'instance,job'],
    ['cilium_unreachable_nodes', 'prod-us', 'instance,job,node'],
    ['cilium_endpoint_state', 'prod-us', 'endpoint_state,instance,job,node'],
    // istiod's, and the ingress gateway's proxy (a pod target: namespace and pod).
    ['istio_build', 'prod-eu', ['component,instance,job,tag', 'component,instance,job,namespace,pod,tag']],
    ['pilot_xds_pushes', 'prod-eu', 'instance,job,type'],
    ['gatekeeper_violations', 'prod-eu', 'enforcement_action,instance,job'],
    ['gatekeeper_constraints', 'prod-eu', 'enforcement_action,instance,job,status'],
    ['gatekeeper_audit_last_run_time', 'prod-eu', 'instance,job'],
    // An empty subresource is no label at all, as Prometheus stores it.
    ['apiserver_requested_deprecated_apis', 'prod-apac', 'group,instance,job,removed_release,resource,version'],
  ] as Array<[string, string, string | string[]]>)('%s on %s: labels %s', (name, cluster, labels) => {
    const series = of(cluster, name);
    expect(series.length).toBeGreaterThan(0);
    expect(labelNames(series)).toEqual(Array.isArray(labels) ? labels : [labels]);
  });

  it('puts each companion under the job its usual setup names', () => {
    const jobs = new Set(fleet.get('prod-eu')!.map((s) => s.labels.job));
    for (const job of ['velero', 'argocd-metrics', 'cert-manager', 'etcd', 'istiod', 'envoy-stats', 'gatekeeper-audit', 'apiserver'])
      expect(jobs, job).toContain(job);
    const staging = new Set(fleet.get('staging-eu')!.map((s) => s.labels.job));
    expect(staging).toContain('flux-system/flux-system');
    expect(staging).toContain('cilium-agent');
    expect(staging).not.toContain('argocd-metrics');
    expect(new Set(of('prod-eu', 'etcd_server_has_leader').map((s) => s.labels.instance)).size).toBe(3);
  });

  it("exports etcd's WAL fsync histogram with etcd's buckets, 1 ms to 8.192 s, and +Inf", () => {
    const les = of('prod-eu', 'etcd_disk_wal_fsync_duration_seconds_bucket')
      .filter((s) => s.labels.instance === '10.250.255.1:2381')
      .map((s) => s.labels.le);
    expect(les).toEqual(['0.001', '0.002', '0.004', '0.008', '0.016', '0.032', '0.064', '0.128', '0.256', '0.512', '1.024', '2.048', '4.096', '8.192', '+Inf']);
    const text = renderExposition(etcdFamilies({ members: 3, hasLeader: true, leaderChanges: 2, dbBytes: 1, quotaBytes: 2 }, 0, NOW - 1000), NOW);
    expect(text).toContain('# TYPE etcd_disk_wal_fsync_duration_seconds histogram\n');
    expect(text).toContain('etcd_disk_wal_fsync_duration_seconds_bucket{le="+Inf"} 12\n');
    expect(text).toContain('etcd_disk_wal_fsync_duration_seconds_count 12\n');
  });
});

describe("the demo fleet's hygiene story", () => {
  it("legacy-batch's backups are days old; the others' are from today; dev has no Velero", () => {
    const age = (cluster: string) => Math.max(...of(cluster, 'velero_backup_last_successful_timestamp').map((s) => NOW / 1000 - s.sample.value)) / 86_400;
    expect(age('legacy-batch')).toBeCloseTo(4, 1);
    for (const cluster of ['prod-eu', 'prod-us', 'prod-apac', 'staging-eu']) expect(age(cluster)).toBeLessThan(1);
    expect(of('dev', 'velero_backup_total')).toEqual([]);
    expect(of('legacy-batch', 'velero_backup_failure_total').some((s) => s.sample.value > 0)).toBe(true);
  });

  it('one Argo CD application is OutOfSync, on prod-us', () => {
    const outOfSync = [...fleet.keys()].flatMap((c) =>
      of(c, 'argocd_app_info')
        .filter((s) => s.labels.sync_status !== 'Synced')
        .map((s) => `${c}/${s.labels.name}`),
    );
    expect(outOfSync).toEqual(['prod-us/checkout']);
  });

  it("one certificate expires within a week, prod-apac's wildcard", () => {
    const soon = [...fleet.keys()].flatMap((c) =>
      of(c, 'certmanager_certificate_expiration_timestamp_seconds')
        .filter((s) => s.sample.value * 1000 - NOW < 7 * DAY)
        .map((s) => `${c}/${s.labels.namespace}/${s.labels.name}`),
    );
    expect(soon).toEqual(['prod-apac/ingress-nginx/wildcard-tls']);
  });

  it('a deprecated API is in use on prod-apac, removed in its next minor', () => {
    const [api] = of('prod-apac', 'apiserver_requested_deprecated_apis');
    expect(api?.labels).toMatchObject({ job: 'apiserver', group: 'resource.k8s.io', version: 'v1beta1', resource: 'resourceclaims', removed_release: '1.37' });
    expect(DEMO_FLEET.find((c) => c.name === 'prod-apac')?.version).toMatch(/^v1\.36\./);
  });

  it('pod CIDRs overlap between exactly two clusters, staging-eu and dev', () => {
    const ranges = new Map(DEMO_FLEET.map((spec) => [spec.name, buildCluster(spec).nodes.flatMap((n) => n.podCIDRs)]));
    const pairs: string[] = [];
    const names = [...ranges.keys()];
    names.forEach((a, i) =>
      names.slice(i + 1).forEach((b) => {
        if (ranges.get(a)!.some((r) => ranges.get(b)!.includes(r))) pairs.push(`${a}+${b}`);
      }),
    );
    expect(pairs).toEqual(['staging-eu+dev']);
    // Within a cluster every node has its own range; prod-eu is dual-stack.
    for (const [, list] of ranges) expect(new Set(list).size).toBe(list.length);
    expect(buildCluster(DEMO_FLEET[0]!).nodes[1]?.podCIDRs).toEqual(['10.20.1.0/24', 'fd00:10:14:1::/64']);
  });
});

describe('companion timestamps over a wall that runs for weeks', () => {
  it('keeps a backup as old, and a certificate as near its expiry, as the story says, however long the simulator runs', () => {
    const later = NOW + 30 * DAY;
    const ages = (cluster: string, name: string, at: number) => of(cluster, name).map((s) => Math.round((at / 1000 - valueAt(s.sample, at)) / 3600));
    expect(ages('prod-eu', 'velero_backup_last_successful_timestamp', later)).toEqual(ages('prod-eu', 'velero_backup_last_successful_timestamp', NOW));
    expect(ages('legacy-batch', 'velero_backup_last_successful_timestamp', later)).toEqual(
      ages('legacy-batch', 'velero_backup_last_successful_timestamp', NOW),
    );
    const expiry = (at: number) =>
      of('prod-apac', 'certmanager_certificate_expiration_timestamp_seconds').map((s) => Math.round((valueAt(s.sample, at) - at / 1000) / 86_400));
    expect(expiry(later)).toEqual(expiry(NOW));
    expect(Math.min(...expiry(later))).toBeLessThanOrEqual(7);
  });
});
