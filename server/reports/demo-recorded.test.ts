import { describe, expect, it } from 'vitest';
import { golden } from '../../test/fixtures/reports/golden';
import { loadSnapshot } from '../../test/fixtures/reports/load-snapshot';
import { defaultReportsConfig } from '../config/schema/reports';
import { inventoriesOf } from '../../test/helpers/inventory';
import { shippedTables } from '../../test/helpers/report-settings';
import { scrapeOf } from '../../test/helpers/scrape';
import type { ClusterSnapshot } from '../fleet/types';
import { fleetCost } from './cost';
import { fleetHealth } from './health';
import { fleetSkew } from './skew';

// Recorded from the simulator by test/fixtures/reports/record-demo.ts: prod-us, dev, legacy-batch.
const { snapshot, now, inventories } = loadSnapshot('demo-recorded');
const reports = defaultReportsConfig();
const tables = shippedTables(reports);
if (!tables.ok) throw new Error(tables.problems.join('\n'));
const settings = { reports, tables: tables.tables };
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe('reports on the fleet recorded from the simulator', () => {
  const health = fleetHealth(inventories, now, reports.health);
  const cost = fleetCost(inventories, now, settings);
  const skew = fleetSkew(inventories, now, settings);

  it('match the reviewed golden reports', () => {
    expect(json(health)).toBe(golden('demo-health.json', json(health)));
    expect(json(cost)).toBe(golden('demo-cost.json', json(cost)));
    expect(json(skew)).toBe(golden('demo-skew.json', json(skew)));
  });

  it('health: prod-us carries its NotReady nodes and crash-looping pods', () => {
    const prodUs = health.clusters.find((c) => c.cluster === 'prod-us');
    expect(prodUs?.status).toBe('degraded');
    expect(prodUs?.reasons.map((r) => r.message)).toContain('3 pods in CrashLoopBackOff');
    expect(prodUs?.nodes).toEqual({ total: 10, ready: 8 });
  });

  it('skew: legacy-batch has one kubelet four minors behind, read from the node watch and kubernetes_build_info', () => {
    const legacy = skew.clusters.find((c) => c.cluster === 'legacy-batch');
    expect(legacy?.nodes.source).toBe('kubernetes-api');
    expect(legacy?.apiServer.source).toBe('kubernetes_build_info');
    expect(legacy?.findings.filter((f) => f.rule === 'kubelet_too_old').map((f) => f.subject)).toEqual(['legacy-batch-node-000']);
  });

  it('cost: assets equal capacity at OpenCost prices; with one scrape, CPU falls back to requests and says so', () => {
    const dev = cost.clusters.find((c) => c.cluster === 'dev');
    expect(dev?.assets?.hourly.cpu).toBeCloseTo(3 * 4 * 0.031611, 9);
    expect(dev?.basis).toEqual({ cpu: 'requests', memory: 'max(request, usage)' });
    expect(dev?.missing.map((m) => m.input)).toEqual(['rate(container_cpu_usage_seconds_total)']);
  });

  it('health: without last-terminated timestamps, restarts are counted against a scrape a minute older', () => {
    const prodUs = snapshot.clusters.find((c) => c.name === 'prod-us');
    if (!prodUs?.prometheus?.lastSuccess) throw new Error('prod-us has no Prometheus data in the recording');
    const series = prodUs.prometheus.series;
    const restarts = series.get('kube_pod_container_status_restarts_total') ?? [];
    // A minute earlier, the first two containers had restarted one time fewer.
    const earlierSamples = [...series.names()].flatMap((name) =>
      name === 'kube_pod_container_status_restarts_total' ? restarts.map((s, i) => (i < 2 ? { ...s, value: s.value - 1 } : s)) : (series.get(name) ?? []),
    );
    const earlierSeries = scrapeOf(earlierSamples, { cluster: 'prod-us' });
    const previous: ClusterSnapshot = {
      ...prodUs,
      prometheus: { ...prodUs.prometheus, series: earlierSeries, lastSuccess: prodUs.prometheus.lastSuccess - 60_000 },
    };
    const withPrevious = fleetHealth(inventoriesOf(snapshot, now, { earlier: { clusters: [previous] } }), now, reports.health).clusters.find(
      (c) => c.cluster === 'prod-us',
    );
    expect(withPrevious?.missing).toEqual([]);
    const config = { ...reports.health, rules: { restart_rate: { warning: 2 } } };
    const tripped = fleetHealth(inventoriesOf(snapshot, now, { earlier: { clusters: [previous] } }), now, config).clusters.find((c) => c.cluster === 'prod-us');
    expect(tripped?.reasons.find((r) => r.rule === 'restart_rate')?.message).toBe('2 containers restarted in the last 1m');
  });
});
