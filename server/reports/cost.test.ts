import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../test/fixtures/reports/load-snapshot';
import { priceProfile } from '../config/schema/reports';
import { fleetCost } from './cost';
import { testSettings } from '../../test/helpers/report-settings';

const { inventories, now } = loadSnapshot('cost-small');
const settings = testSettings({
  reports: { cost: { clusters: { spotty: 'spot-eur' } } },
  prices: {
    'spot-eur': priceProfile.parse({
      currency: 'EUR',
      cpuCoreHour: 0.04,
      memoryGiBHour: 0.005,
      gpuHour: 2,
      storageGiBMonth: 0.1,
      nodes: [{ match: { 'karpenter.sh/capacity-type': 'spot' }, factor: 0.25 }],
    }),
  },
});
const report = fleetCost(inventories, now, settings);
const cluster = (name: string) => {
  const found = report.clusters.find((c) => c.cluster === name);
  if (!found) throw new Error(`no cluster ${name} in the report`);
  return found;
};
const cents = (n: number | undefined) => Math.round((n ?? NaN) * 100) / 100;

describe('cost of a small cluster at OpenCost default prices, computed by hand', () => {
  const tiny = cluster('tiny');

  it('node assets from capacity: n1 4 cores 16 GiB + n2 2 cores 8 GiB (+ the PVC as storage)', () => {
    // (6 × 0.031611 + 24 × 0.004237) = 0.291354 /h; PVC 100 GiB × 0.04 / 730 = 0.00547945 /h
    expect(tiny.assets?.nodes).toBe(2);
    expect(tiny.assets?.hourly.cpu).toBeCloseTo(0.189666, 9);
    expect(tiny.assets?.hourly.memory).toBeCloseTo(0.101688, 9);
    expect(cents(tiny.assets?.monthly)).toBe(216.69);
  });

  it('allocation = max(request, usage) × price; finished pods cost nothing; PVCs by request', () => {
    // api: max(0.5, 0.8) cpu, max(1, 0.5) GiB; db: max(1, 0.25) cpu, max(4, 3) GiB; indexer: no usage samples → requests 1 cpu, 2 GiB.
    // cpu 2.8 × 0.031611 = 0.0885108; memory 7 GiB × 0.004237 = 0.029659; storage 0.00547945
    expect(tiny.allocated?.hourly.cpu).toBeCloseTo(0.0885108, 9);
    expect(tiny.allocated?.hourly.memory).toBeCloseTo(0.029659, 9);
    expect(tiny.allocated?.hourly.storage).toBeCloseTo((0.04 * 100) / 730, 9);
    expect(cents(tiny.allocated?.daily)).toBe(2.97);
    expect(cents(tiny.allocated?.monthly)).toBe(90.26);
  });

  it('idle = assets − allocation', () => {
    expect(tiny.idle?.cpu).toBeCloseTo(0.1011552, 9);
    expect(tiny.idle?.memory).toBeCloseTo(0.072029, 9);
    expect(tiny.idle?.storage).toBe(0);
    expect(cents((tiny.idle?.total ?? NaN) * 730)).toBe(126.42);
  });

  it('efficiency = usage cost ÷ request cost over containers whose usage is known', () => {
    // used (0.8 + 0.25) × 0.031611 + (0.5 + 3) × 0.004237 = 0.04802105; requested 1.5 × 0.031611 + 5 × 0.004237 = 0.0686015
    expect(tiny.allocated?.efficiency).toBeCloseTo(0.04802105 / 0.0686015, 9);
    expect(tiny.basis).toEqual({ cpu: 'max(request, usage)', memory: 'max(request, usage)' });
  });

  it('breaks down by namespace and by workload (Deployment resolved from its ReplicaSet)', () => {
    expect(tiny.namespaces.map((n) => [n.namespace, cents(n.monthly)])).toEqual([
      ['payments', 61.0],
      ['search', 29.26],
    ]);
    expect(tiny.workloads.map((w) => `${w.namespace} ${w.workload} ${cents(w.monthly)}`)).toEqual([
      'payments StatefulSet/db 35.45',
      'search Deployment/indexer 29.26',
      'payments Deployment/api 21.55',
      'payments PVC/data-db-0 4',
    ]);
  });
});

describe('price profiles, node rules and missing inputs', () => {
  const spotty = cluster('spotty');

  it('uses the cluster profile, its currency and the spot rule by node label (from kube_node_labels)', () => {
    expect(spotty.profile).toBe('spot-eur');
    expect(spotty.currency).toBe('EUR');
    // s1 spot (×0.25): 8 × 0.01 + 32 × 0.00125 = 0.12; g1: 4 × 0.04 + 16 × 0.005 + 1 GPU × 2 = 2.24
    expect(spotty.assets?.hourly.total).toBeCloseTo(2.36, 9);
    // trainer on g1: 0.08 + 0.04 + 2 = 2.12; front on s1: 0.04 + 0.01 = 0.05
    expect(spotty.allocated?.hourly.total).toBeCloseTo(2.17, 9);
    expect(spotty.allocated?.hourly.gpu).toBeCloseTo(2, 9);
    expect(spotty.idle?.total).toBeCloseTo(0.19, 9);
  });

  it('falls back to requests when usage series are missing, and says so', () => {
    expect(spotty.basis).toEqual({ cpu: 'requests', memory: 'requests' });
    expect(spotty.allocated?.efficiency).toBeNull();
    expect(spotty.missing.map((m) => m.input)).toEqual(['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes']);
    expect(spotty.missing[1]!.effect).toBe('memory cost uses requests only and efficiency leaves memory out (not in the federated series)');
  });

  it('a cluster never scraped has unknown cost, not zero', () => {
    const blind = cluster('blind');
    expect(blind.assets).toBeNull();
    expect(blind.allocated).toBeNull();
    expect(blind.idle).toBeNull();
    expect(blind.missing.find((m) => m.input === 'kube_node_status_capacity')?.effect).toBe(
      'node (asset) cost and idle cost unknown (Prometheus not scraped successfully yet)',
    );
  });

  it('rolls the fleet up per currency, leaving out clusters with unknown cost', () => {
    expect(report.fleet.map((f) => [f.currency, f.clusters, f.incomplete, cents(f.monthly)])).toEqual([
      ['USD', 1, ['blind'], 90.26],
      ['EUR', 1, [], 1584.1],
    ]);
  });
});
