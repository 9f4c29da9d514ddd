import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../shared/events';
import type { ClusterCost, CostRow, CostSplit, FleetCost } from '../../../shared/reports/cost';
import type { ClusterSkew, FleetSkew } from '../../../shared/reports/skew';
import { idleRows, namespaceBars } from './cost-model';
import { eventsQuery, filtersFromSearch, mergeEventLists, NO_FILTERS } from './events-model';
import { skewMatrix } from './skew-model';

const split = (total: number): CostSplit => ({ cpu: total, memory: 0, gpu: 0, storage: 0, total });
const row = (cluster: string, namespace: string, hourly: number): CostRow => ({
  cluster,
  namespace,
  hourly: split(hourly),
  daily: hourly * 24,
  monthly: hourly * 730,
  efficiency: null,
});
function clusterCost(cluster: string, namespaces: CostRow[], assets: number | null): ClusterCost {
  const allocated = namespaces.reduce((s, n) => s + n.hourly.total, 0);
  return {
    cluster,
    labels: {},
    currency: 'USD',
    profile: 'default',
    assets: assets === null ? null : { hourly: split(assets), nodes: 3, daily: assets * 24, monthly: assets * 730 },
    allocated: row(cluster, '', allocated),
    idle: assets === null ? null : split(assets - allocated),
    namespaces,
    workloads: [],
    basis: { cpu: 'requests', memory: 'requests' },
    missing: [],
  };
}

describe('cost page models', () => {
  const cost: FleetCost = {
    generatedAt: 0,
    clusters: [
      clusterCost('a', [row('a', 'web', 1), row('a', 'db', 0.5), row('a', 'tiny', 0.01)], 2),
      clusterCost('b', [row('b', 'web', 0.2), row('b', 'batch', 0.8)], null),
    ],
    fleet: [],
  };
  it('stacks allocated cost per cluster by the biggest namespaces, the rest as "other"', () => {
    expect(namespaceBars(cost, 3)).toEqual({
      keys: ['web', 'batch', 'db', 'other'],
      rows: [
        { cluster: 'a', web: 730, batch: 0, db: 365, other: 7.3 },
        { cluster: 'b', web: 146, batch: 584, db: 0, other: 0 },
      ],
    });
  });
  it('splits node cost into allocated and idle, and gives no share when node cost is unknown', () => {
    expect(idleRows(cost)).toEqual([
      { cluster: 'a', allocated: 1102.3, idle: 357.7, idleShare: expect.closeTo(0.245, 3) },
      { cluster: 'b', allocated: 730, idle: 0, idleShare: null },
    ]);
  });
});

describe('skew matrix', () => {
  it('puts each finding on the cell of its component and counts versions per node', () => {
    const cluster: ClusterSkew = {
      cluster: 'legacy',
      labels: {},
      apiServer: { versions: ['v1.27.16'], source: 'kubernetes-api' },
      nodes: {
        source: 'kube_node_info',
        total: 5,
        kubelet: { 'v1.27.16': 4, 'v1.23.17': 1 },
        kubeProxy: { 'v1.27.16': 5 },
        containerRuntime: { 'containerd://1.7.2': 5 },
        osImage: {},
      },
      controlPlane: {},
      findings: [
        {
          rule: 'kubelet_too_old',
          severity: 'critical',
          component: 'kubelet',
          subject: 'node-0',
          version: 'v1.23.17',
          message: 'kubelet v1.23.17 on node-0 is 4 minors older',
          policy: 'p',
        },
      ],
      eol: { minor: '1.27', endOfLife: '2024-06-28', daysLeft: -500, state: 'past_eol' },
      upgrade: null,
      missing: [],
    };
    const skew: FleetSkew = { generatedAt: 0, clusters: [cluster], fleet: { minors: [], newestMinor: '1.27', behind: [], imageDrift: [] } };
    const [matrix] = skewMatrix(skew);
    expect(matrix?.cells.kubelet).toEqual({
      text: 'v1.27.16 ×4, v1.23.17 ×1',
      severity: 'critical',
      findings: ['kubelet v1.23.17 on node-0 is 4 minors older'],
    });
    expect(matrix?.cells['kube-proxy']).toEqual({ text: 'v1.27.16', severity: null, findings: [] });
    expect(matrix?.cells['kube-scheduler'].text).toBe('—');
    expect(matrix?.eol).toEqual({ state: 'past_eol', text: '1.27: past end of life (2024-06-28)' });
  });
});

describe('events models', () => {
  const base = { namespace: 'ns', involvedObject: { kind: 'Pod', name: 'api-1' }, reason: 'BackOff', message: 'Back-off restarting', count: 1, firstSeen: 0 };
  it('builds the /api/events query from the filters in the page URL', () => {
    const filters = filtersFromSearch('?cluster=prod-eu&type=Warning&q=restart');
    expect(eventsQuery(filters)).toBe('/api/events?cluster=prod-eu&type=Warning&q=restart&limit=200');
    expect(eventsQuery(NO_FILTERS, 50)).toBe('/api/events?limit=50');
  });
  it('merges live events into the fetched page, filtered the same way, newest first, newest version of each', () => {
    const fetched: FleetEvent[] = [{ ...base, id: '1', cluster: 'a', type: 'Warning', lastSeen: 10 }];
    const live: FleetEvent[] = [
      { ...base, id: '1', cluster: 'a', type: 'Warning', lastSeen: 30, count: 4 },
      { ...base, id: '2', cluster: 'a', type: 'Normal', lastSeen: 40 },
      { ...base, id: '3', cluster: 'b', type: 'Warning', lastSeen: 20 },
    ];
    const merged = mergeEventLists(fetched, live, { ...NO_FILTERS, type: 'Warning' });
    expect(merged.map((e) => [e.id, e.count])).toEqual([
      ['1', 4],
      ['3', 1],
    ]);
  });
});
