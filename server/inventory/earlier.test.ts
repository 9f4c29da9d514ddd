import { describe, expect, it } from 'vitest';
import { earlierOf, inventoryOf } from '../../test/helpers/inventory';
import { testSettings } from '../../test/helpers/report-settings';
import { scrapeOf } from '../../test/helpers/scrape';
import type { Labels } from '../fleet/series';
import type { ClusterSnapshot, PrometheusState } from '../fleet/types';
import { clusterCost } from '../reports/cost';
import type { FederatedSeries } from '../sources/federate/series';
import { counterRates, CounterWindow } from './earlier';

const GIB = 1024 ** 3;

/** One cluster with one node and one pod whose CPU counter reads `cpuSeconds`, scraped at `at`. */
function scrape(cpuSeconds: number, timestampMs: number | null = null, previous?: FederatedSeries): FederatedSeries {
  const s = (name: string, labels: Record<string, string>, value: number, ts: number | null = null) => ({ name, labels, value, timestampMs: ts });
  const pod = { namespace: 'shop', pod: 'web-0', container: 'web' };
  const series = scrapeOf(
    [
      s('kube_node_status_capacity', { node: 'n1', resource: 'cpu' }, 4),
      s('kube_node_status_capacity', { node: 'n1', resource: 'memory' }, 8 * GIB),
      s('kube_pod_status_phase', { namespace: 'shop', pod: 'web-0', phase: 'Running' }, 1),
      s('kube_pod_container_resource_requests', { ...pod, node: 'n1', resource: 'cpu' }, 0.5),
      s('kube_pod_container_resource_requests', { ...pod, node: 'n1', resource: 'memory' }, GIB),
      s('container_memory_working_set_bytes', pod, GIB / 2),
      s('container_cpu_usage_seconds_total', { ...pod, cpu: 'total' }, cpuSeconds, timestampMs),
      s('container_cpu_usage_seconds_total', { namespace: 'shop', pod: 'web-0', container: '', cpu: 'total' }, cpuSeconds * 2, timestampMs),
    ],
    { cluster: 'c', previous },
  );
  return series;
}

function cluster(at: number, cpuSeconds: number, timestampMs: number | null = null, series = scrape(cpuSeconds, timestampMs)): ClusterSnapshot {
  const state = {
    lastAttempt: at,
    lastSuccess: at,
    lastDurationMs: 5,
    error: null,
    failures: {},
    series,
    sampleCount: 8,
    bytes: 0,
    duplicates: 0,
    staleAfterMs: 300_000,
  };
  return { name: 'c', labels: {}, prometheus: state, kubernetes: null };
}

/** The rates of a counter of `current` against the kept counters of `previous`. */
function rated(options: {
  current: ClusterSnapshot;
  previous: ClusterSnapshot | undefined;
  metric: string;
  keyOf: (labels: Labels) => string | null;
}): Map<string, number> | null {
  const p = options.current.prometheus!;
  return counterRates({ series: p.series, lastSuccess: p.lastSuccess, earlier: earlierOf(options.previous), metric: options.metric, keyOf: options.keyOf });
}

describe('CPU usage from two scrapes of the cAdvisor counter', () => {
  it('rates the counter per container over the time between the scrapes', () => {
    const rates = rated({
      current: cluster(120_000, 1090),
      previous: cluster(60_000, 1000),
      metric: 'container_cpu_usage_seconds_total',
      keyOf: (l) => (l.container ? `${l.namespace}/${l.pod}/${l.container}` : null),
    });
    expect(rates).toEqual(new Map([['shop/web-0/web', 1.5]]));
  });

  it('prefers the samples’ own timestamps, and gives no rate after a counter reset or without two scrapes', () => {
    const keyOf = (l: Readonly<Record<string, string>>) => (l.container ? l.container : null);
    expect(
      rated({ current: cluster(120_000, 1090, 100_000), previous: cluster(60_000, 1000, 70_000), metric: 'container_cpu_usage_seconds_total', keyOf }),
    ).toEqual(new Map([['web', 3]]));
    expect(rated({ current: cluster(120_000, 10), previous: cluster(60_000, 1000), metric: 'container_cpu_usage_seconds_total', keyOf })).toEqual(new Map());
    expect(rated({ current: cluster(60_000, 1000), previous: cluster(60_000, 1000), metric: 'container_cpu_usage_seconds_total', keyOf })).toBeNull();
    expect(rated({ current: cluster(60_000, 1000), previous: undefined, metric: 'container_cpu_usage_seconds_total', keyOf })).toBeNull();
  });

  it('rates series that keep their labels object scrape after scrape (as federated ones do) against one earlier snapshot, time after time', () => {
    const metric = 'container_cpu_usage_seconds_total';
    const keyOf = (l: Readonly<Record<string, string>>) => (l.container ? `${l.namespace}/${l.pod}/${l.container}` : null);
    const before = scrape(1000);
    const previous = cluster(60_000, 1000, null, before);
    const earlier = before.get(metric)!;
    // A scrape scanned against the previous one carries the labels objects of the names read (as the federation source does).
    const later = (at: number, cpuSeconds: number): ClusterSnapshot => {
      const next = cluster(at, cpuSeconds, null, scrape(cpuSeconds, null, before));
      expect(next.prometheus!.series.get(metric)![0]!.labels).toBe(earlier[0]!.labels);
      return next;
    };
    expect(rated({ current: later(120_000, 1090), previous, metric, keyOf })).toEqual(new Map([['shop/web-0/web', 1.5]]));
    expect(rated({ current: later(180_000, 1240), previous, metric, keyOf })).toEqual(new Map([['shop/web-0/web', 2]]));
    expect(rated({ current: later(180_000, 1240), previous, metric, keyOf: (l) => l.pod ?? null })).toEqual(new Map([['web-0', 2 + 4]]));
  });

  it('charges max(request, usage) with the rate, and says when it had only one scrape', () => {
    const settings = testSettings();
    const withRate = clusterCost(inventoryOf(cluster(120_000, 1090), 120_000, { earlier: cluster(60_000, 1000) }), settings);
    expect(withRate.basis.cpu).toBe('max(request, usage)');
    expect(withRate.allocated?.hourly.cpu).toBeCloseTo(1.5 * 0.031611, 9);
    const single = clusterCost(inventoryOf(cluster(120_000, 1090), 120_000), settings);
    expect(single.basis.cpu).toBe('requests');
    expect(single.allocated?.hourly.cpu).toBeCloseTo(0.5 * 0.031611, 9);
    expect(single.missing[0]).toEqual({
      input: 'rate(container_cpu_usage_seconds_total)',
      effect: 'CPU cost uses requests only and efficiency leaves CPU out: the counter needs two scrapes to give a rate (or federate a rate recording rule)',
    });
  });
});

describe('the earlier counters kept for rates', () => {
  const state = (lastSuccess: number): PrometheusState => cluster(lastSuccess, 1000).prometheus!;

  it('are none until a minute has passed, then from a scrape between one and two minutes old', () => {
    const window = new CounterWindow({ minAgeMs: 60_000, metrics: ['container_cpu_usage_seconds_total'] });
    const kept = () => window.get()?.lastSuccess;
    window.observe(state(1), 0);
    window.observe(state(2), 30_000);
    expect(kept()).toBeUndefined();
    window.observe(state(3), 60_000);
    expect(kept()).toBe(1);
    window.observe(state(4), 100_000);
    expect(kept()).toBe(1);
    window.observe(state(5), 120_000);
    expect(kept()).toBe(3);
  });

  it('hold only the kept metrics of each scrape, with their samples', () => {
    const sample = (name: string) => ({ name, labels: { pod: 'p' }, value: 1, timestampMs: null });
    const series = scrapeOf([sample('container_cpu_usage_seconds_total'), sample('kube_pod_info')], { cluster: 'c' });
    const window = new CounterWindow({ minAgeMs: 60_000, metrics: ['container_cpu_usage_seconds_total'] });
    const at = (lastSuccess: number): PrometheusState => ({ ...state(lastSuccess), series });
    window.observe(at(1), 0);
    window.observe(at(2), 60_000);
    const kept = window.get();
    expect(kept?.get('container_cpu_usage_seconds_total')).toEqual(series.get('container_cpu_usage_seconds_total'));
    expect(kept?.get('kube_pod_info')).toBeUndefined();
    expect(kept?.lastSuccess).toBe(1);
  });
});
