import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, hygieneText } from '../../test/fixtures/hygiene/load';
import { earlierOf } from '../../test/helpers/inventory';
import { testSettings } from '../../test/helpers/report-settings';
import { healthReportConfig } from '../config/schema/reports';
import type { ClusterSnapshot } from '../fleet/types';
import { fleetCost } from '../reports/cost';
import { clusterHealth } from '../reports/health';
import { fleetHygiene } from '../reports/hygiene';
import { fleetSkew } from '../reports/skew';
import { readScrape } from '../sources/federate/read-scrape';
import type { FederatedSeries } from '../sources/federate/series';
import { createInventoryMemo, readInventory } from './cluster';
import type { ClusterInventory } from './types';

/**
 * The inventory keeps each part while the metrics it was read from do not
 * change (SectionMemo). Over a run of scrapes in which some metrics change
 * and others do not, every report over the kept inventory must equal the one
 * over an inventory of the same samples scanned afresh (nothing kept).
 */
const labelling = { label: 'cluster', cluster: 'c1', existing: 'rename' as const };
const settings = testSettings();
/** Thresholds low enough that one Pending pod and one restart show as reasons. */
const config = healthReportConfig.parse({ rules: { pods_pending: { warning: 1 }, restart_rate: { warning: 1 } } });

function body(step: number): string {
  const pods = ['api-7d9f8b6c5d-x1', 'api-7d9f8b6c5d-x2', 'db-0'];
  const lines: string[] = [];
  const ts = 1_700_000_000_000 + step * 15_000;
  for (const pod of pods) {
    const owner = pod.startsWith('api') ? 'ReplicaSet",created_by_name="api-7d9f8b6c5d' : 'StatefulSet",created_by_name="db';
    lines.push(`kube_pod_info{cluster="c1",created_by_kind="${owner}",namespace="shop",node="n1",pod="${pod}"} 1 ${ts}`);
    // From step 2 on, db-0 is Pending instead of Running.
    const phase = pod === 'db-0' && step >= 2 ? 'Pending' : 'Running';
    for (const p of ['Pending', 'Running'])
      lines.push(`kube_pod_status_phase{cluster="c1",namespace="shop",phase="${p}",pod="${pod}"} ${p === phase ? 1 : 0} ${ts}`);
    lines.push(`kube_pod_container_resource_requests{cluster="c1",container="main",namespace="shop",node="n1",pod="${pod}",resource="cpu"} 0.5 ${ts}`);
    lines.push(`kube_pod_container_info{cluster="c1",container="main",image="shop:${pod === 'db-0' ? '2' : '1'}",namespace="shop",pod="${pod}"} 1 ${ts}`);
    lines.push(
      `kube_pod_container_status_restarts_total{cluster="c1",container="main",namespace="shop",pod="${pod}"} ${pod === 'api-7d9f8b6c5d-x2' && step >= 3 ? 4 : 1} ${ts}`,
    );
    lines.push(`container_cpu_usage_seconds_total{cluster="c1",container="main",namespace="shop",pod="${pod}"} ${100 + step * 3} ${ts}`);
    lines.push(`container_memory_working_set_bytes{cluster="c1",container="main",namespace="shop",pod="${pod}"} ${2 ** 30} ${ts}`);
  }
  lines.push(`kube_node_status_capacity{cluster="c1",node="n1",resource="cpu"} 4 ${ts}`);
  lines.push(`kube_node_status_condition{cluster="c1",condition="Ready",node="n1",status="true"} 1 ${ts}`);
  return `${lines.sort().join('\n')}\n`;
}

function cluster(series: ClusterSnapshot['prometheus'] extends infer P ? (P extends { series: infer S } ? S : never) : never, at: number): ClusterSnapshot {
  return {
    name: 'c1',
    labels: {},
    prometheus: {
      lastAttempt: at,
      lastSuccess: at,
      lastDurationMs: 5,
      error: null,
      failures: {},
      series,
      sampleCount: 0,
      bytes: 0,
      duplicates: 0,
      staleAfterMs: 300_000,
    },
    kubernetes: null,
  };
}

describe('reports over an inventory kept from scrape to scrape', () => {
  it('equal the reports over the same samples with nothing kept, scrape after scrape', () => {
    const memo = createInventoryMemo();
    const inventorySettings = { kubernetesStaleAfterMs: 300_000 };
    const read = (list: ClusterSnapshot[], step: number, at: number, kept: boolean): ClusterInventory =>
      readInventory({
        cluster: list[step]!,
        at,
        settings: inventorySettings,
        earlier: earlierOf(step >= 2 ? list[step - 2] : undefined),
        memo: kept ? memo : undefined,
      });
    let previous: FederatedSeries | null = null;
    const kept: ClusterSnapshot[] = [];
    const plain: ClusterSnapshot[] = [];
    for (let step = 0; step < 5; step++) {
      const at = 1_700_000_000_000 + step * 15_000;
      const scanned = readScrape(Buffer.from(body(step)), { labelling, previous });
      if (!scanned.ok) throw new Error(scanned.message);
      const series = scanned.series;
      previous = series;
      kept.push(cluster(series, at));
      // The same samples, decoded by a separate scan with no history.
      const fresh = readScrape(Buffer.from(body(step)), { labelling });
      if (!fresh.ok) throw new Error(fresh.message);
      plain.push(cluster(fresh.series, at));
      const now = at + 1000;
      expect(clusterHealth(read(kept, step, now, true), now, config)).toEqual(clusterHealth(read(plain, step, now, false), now, config));
      expect(fleetCost([read(kept, step, now, true)], now, settings)).toEqual(fleetCost([read(plain, step, now, false)], now, settings));
      expect(fleetSkew([read(kept, step, now, true)], now, settings)).toEqual(fleetSkew([read(plain, step, now, false)], now, settings));
    }
    // The run saw the changes: a Pending pod, then a restart within the window.
    const last = clusterHealth(read(kept, 4, 1_700_000_060_000 + 1000, true), 1_700_000_060_000 + 1000, config);
    expect(JSON.stringify(last)).toContain('1 pod Pending');
    expect(JSON.stringify(last)).toContain('1 container restarted');
  });

  it('keeps the companions while their gauges do not change, and reads them again when they do', () => {
    const memo = createInventoryMemo();
    const at = FIXTURE_NOW;
    const text = (step: number) =>
      hygieneText('argocd').replace(step >= 2 ? 'sync_status="OutOfSync"' : '\u0000', 'sync_status="Synced"') +
      hygieneText('gatekeeper').replace(
        step >= 3 ? 'gatekeeper_violations{enforcement_action="deny"} 7' : '\u0000',
        'gatekeeper_violations{enforcement_action="deny"} 0',
      ) +
      hygieneText('cert-manager');
    let previous: FederatedSeries | null = null;
    let last = '';
    for (let step = 0; step < 5; step++) {
      const scanned = readScrape(Buffer.from(text(step)), { labelling, previous });
      const fresh = readScrape(Buffer.from(text(step)), { labelling });
      if (!scanned.ok || !fresh.ok) throw new Error('scan failed');
      previous = scanned.series;
      const kept = readInventory({ cluster: cluster(scanned.series, at), at, settings: { kubernetesStaleAfterMs: 300_000 }, memo });
      const plain = readInventory({ cluster: cluster(fresh.series, at), at, settings: { kubernetesStaleAfterMs: 300_000 } });
      const report = fleetHygiene([kept], at, settings);
      expect(report).toEqual(fleetHygiene([plain], at, settings));
      last = JSON.stringify(report);
      if (step === 1) expect(last).toContain('argocd_out_of_sync');
    }
    expect(last).not.toContain('argocd_out_of_sync');
    expect(last).not.toContain('enforcement action deny');
    expect(last).toContain('enforcement action warn');
  });
});
