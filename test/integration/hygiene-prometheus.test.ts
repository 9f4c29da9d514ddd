import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHygiene, FleetHygiene } from '../../shared/reports/hygiene';
import { validateConfig } from '../../server/config/load';
import { ALL_COMPANIONS, FIXTURE_NOW, hygieneText } from '../fixtures/hygiene/load';
import { runCommand } from '../helpers/command';
import { connectWs } from '../helpers/ws-client';
import { startTestServer, waitFor } from '../helpers/server';
import { startHttp, startPrometheus, type RealPrometheus } from './federation-helpers';

/** Gauges holding a Unix time: shifted from the fixtures' instant to the time of the run. */
const TIMESTAMP_METRICS =
  /^(velero_backup_last_successful_timestamp|certmanager_certificate_expiration_timestamp_seconds|gatekeeper_audit_last_run_time)([{ ])/;

/**
 * The fixtures as one exporter's /metrics: timestamps moved to now, and
 * without the `up` lines (a cluster Prometheus writes its own).
 */
function exposition(files: readonly string[], hourlyFailures = 12): string {
  const shift = Math.round((Date.now() - FIXTURE_NOW) / 1000);
  return files
    .map(hygieneText)
    .join('')
    .replace('velero_backup_failure_total{schedule="hourly-db"} 12', `velero_backup_failure_total{schedule="hourly-db"} ${hourlyFailures}`)
    .split('\n')
    .filter((line) => !line.startsWith('up{'))
    .map((line) => {
      if (!TIMESTAMP_METRICS.test(line)) return line;
      const at = line.lastIndexOf(' ');
      const value = Number(line.slice(at + 1));
      return value > 0 ? `${line.slice(0, at)} ${value + shift}` : line;
    })
    .join('\n');
}

/**
 * Two real Prometheus servers act as two clusters' Prometheus, each scraping
 * an exporter of the hygiene fixtures: `honored` with honor_labels: true,
 * `plain` without, and with a target label `namespace` so the exporter's own
 * becomes `exported_namespace` (as a ServiceMonitor's pod namespace does).
 * fleetscope federates both with the default match[] and must show the same
 * findings for both, and the overlap of their pod ranges.
 */
describe('the hygiene report through real Prometheus servers', () => {
  const closers: Array<() => Promise<void>> = [];
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let configFile: string;

  const promConfig = (target: string, honorLabels: boolean) => `
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: companions
    honor_labels: ${honorLabels}
    static_configs:
      - targets: ['${target}']
        labels:
          namespace: monitoring
`;

  beforeAll(async () => {
    const honoredExporter = await startHttp((_req, res) => res.end(exposition([...ALL_COMPANIONS, 'nodes-a'])));
    // The plain cluster's hourly-db schedule fails once every scrape.
    let scrapes = 0;
    const plainExporter = await startHttp((_req, res) => res.end(exposition([...ALL_COMPANIONS, 'nodes-b'], 12 + scrapes++)));
    closers.push(honoredExporter.close, plainExporter.close);
    const [honored, plain]: RealPrometheus[] = await Promise.all([
      startPrometheus(promConfig(new URL(honoredExporter.url).host, true)),
      startPrometheus(promConfig(new URL(plainExporter.url).host, false)),
    ]);
    closers.push(honored!.close, plain!.close);
    await waitFor(
      'both Prometheus servers to scrape the exporters',
      async () => (await honored!.query('argocd_app_info')).length === 4 && (await plain!.query('argocd_app_info')).length === 4,
    );
    const clusters = [
      { name: 'honored', prometheus: { url: `${honored!.url}/federate`, interval: '1s', timeout: '1s' } },
      { name: 'plain', prometheus: { url: `${plain!.url}/federate`, interval: '1s', timeout: '1s' } },
    ];
    const config = validateConfig({ clusters });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath: ':memory:' });
    closers.push(app.close);
    const dir = mkdtempSync(path.join(tmpdir(), 'fleetscope-hygiene-'));
    configFile = path.join(dir, 'fleet.json');
    writeFileSync(configFile, JSON.stringify({ clusters }));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  /** The findings of a cluster as "rule subject namespace" lines. */
  const findings = (c: ClusterHygiene | undefined) =>
    (c?.findings ?? []).map((f) => `${f.severity} ${f.rule} ${f.subject}${f.namespace ? ` ${f.namespace}` : ''}`);

  it('shows every family’s findings for the cluster with honor_labels and the one without', async () => {
    // Without honor_labels the exporter's namespace is moved aside; with it, the exporter's wins.
    const labelsOf = (name: string) =>
      app.fleet
        .snapshot()
        .clusters.find((c) => c.name === name)
        ?.prometheus?.series.get('argocd_app_info')?.[0]?.labels;
    expect(labelsOf('plain')).toMatchObject({ namespace: 'monitoring', exported_namespace: 'argocd' });
    expect(labelsOf('honored')).toMatchObject({ namespace: 'argocd' });
    expect(labelsOf('honored')?.exported_namespace).toBeUndefined();
    const response = await fetch(`${app.url}/api/reports/hygiene`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as FleetHygiene;
    const expected = [
      'critical velero_backup_stale daily',
      'critical velero_backup_stale weekly',
      'critical argocd_degraded search argocd',
      'critical certificate_expiring grpc-tls api',
      'critical etcd_no_leader 10.0.1.11:2379',
      'warning argocd_out_of_sync payments argocd',
      'warning argocd_not_healthy ml argocd',
      'warning flux_not_ready HelmRelease/redis cache',
      'warning flux_not_ready HelmRelease/grafana monitoring',
      'warning certificate_not_ready grpc-tls api',
      'warning certificate_expiring api-tls api',
      'warning etcd_db_quota 10.0.1.10:2379',
      'warning cilium_unreachable_nodes cilium-9qzt7',
      'warning cilium_endpoints_not_ready not-ready',
      'warning istio_version_skew 1.22.5',
      'warning istio_version_skew 1.23.1',
      'warning gatekeeper_violations deny',
      'warning gatekeeper_violations warn',
      'warning deprecated_api_in_use flowcontrol.apiserver.k8s.io/v1beta3 flowschemas',
      'warning deprecated_api_in_use flowcontrol.apiserver.k8s.io/v1beta3 prioritylevelconfigurations',
      'info flux_suspended Kustomization/infra flux-system',
      'info deprecated_api_in_use v1 componentstatuses',
    ];
    for (const name of ['honored', 'plain']) {
      const cluster = report.clusters.find((c) => c.cluster === name);
      const got = findings(cluster);
      for (const line of expected) expect(got, `${name}: ${line}`).toContain(line);
      // The fixtures' etcd histogram has not moved between scrapes: its p99 is read over the totals, said so.
      expect(cluster?.findings.find((f) => f.rule === 'etcd_wal_fsync_slow')?.message).toContain('since it started');
      expect(cluster?.checks.every((c) => c.status !== 'missing')).toBe(true);
    }
    expect(report.fleet.cidrOverlaps.map((o) => `${o.a.cluster} ${o.a.cidr} × ${o.b.cluster} ${o.b.cidr} = ${o.overlap}`)).toEqual([
      'honored 10.244.0.0/24 × plain 10.244.0.0/16 = 10.244.0.0/24',
      'honored 10.244.1.0/24 × plain 10.244.0.0/16 = 10.244.1.0/24',
    ]);
    const csv = await (await fetch(`${app.url}/api/reports/hygiene?format=csv&cluster=plain`)).text();
    expect(csv.split('\r\n')[0]).toBe('cluster,severity,check,rule,subject,namespace,value,message');
    expect(csv).toContain('plain,warning,argocd,argocd_out_of_sync,payments,argocd,1,application payments (project finance) is OutOfSync');
  });

  it('puts the report on the stream for the wall, as reports.hygiene', async () => {
    const ws = await connectWs(`${app.url.replace('http', 'ws')}/ws`);
    try {
      const hygiene = await waitFor(
        'reports.hygiene on the stream',
        () => ws.messages.flatMap((m) => ('reports' in m && m.reports.hygiene ? [m.reports.hygiene] : [])).find((h) => h.clusters.length === 2),
        15_000,
      );
      expect(hygiene.fleet.cidrOverlaps).toHaveLength(2);
      expect(hygiene.clusters.map((c) => c.checks.find((k) => k.check === 'velero')?.status)).toEqual(['critical', 'critical']);
    } finally {
      ws.close();
    }
  });

  it('exits 3 from `fleetscope report hygiene --fail-on critical`, 0 without --fail-on; rates counters with --rate-window', async () => {
    const failing = await runCommand(['report', 'hygiene', '--config', configFile, '--format', 'md', '--fail-on', 'critical']);
    expect(failing.stderr).toContain('fleetscope report: hygiene shows critical problems (--fail-on critical)\n');
    expect(failing.code).toBe(3);
    expect(failing.stdout).toMatch(/^# Fleet hygiene\n/);
    const plain = await runCommand(['report', 'hygiene', '--config', configFile, '--format', 'csv', '--selector', 'name=plain']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('plain,critical,etcd,etcd_no_leader,10.0.1.11:2379,,1,etcd member 10.0.1.11:2379 has no leader');
    // One scrape cannot rate a counter; --rate-window takes a second one.
    expect(plain.stdout).not.toContain('velero_backup_failed');
    const rated = await runCommand(['report', 'hygiene', '--config', configFile, '--format', 'csv', '--selector', 'name=plain', '--rate-window', '3s']);
    expect(rated.code).toBe(0);
    expect(rated.stdout).toMatch(/plain,warning,velero,velero_backup_failed,hourly-db,,\d+,\d+ backups? of schedule hourly-db failed in the last \d+s/);
  });
});
