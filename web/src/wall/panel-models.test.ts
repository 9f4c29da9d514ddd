import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../shared/events';
import { healthPanel, warningEvents } from './panel-models';
import type { TileModel } from './tile-model';

const tile = (name: string, status: TileModel['status'], reasons: string[] = []): TileModel => ({
  name,
  labels: [],
  status,
  icon: '',
  word: status,
  reasons,
  age: null,
  facts: '',
  spark: [],
});

describe('healthPanel', () => {
  it('counts by status, worst first, and lists the problems with their first reason', () => {
    const model = healthPanel([
      tile('a', 'healthy'),
      tile('b', 'degraded', ['1 of 3 nodes NotReady']),
      tile('c', 'stale', ['data 4 m old']),
      tile('d', 'healthy'),
      tile('e', 'critical', ['x']),
    ]);
    expect(model.counts).toEqual([
      { status: 'critical', count: 1 },
      { status: 'stale', count: 1 },
      { status: 'degraded', count: 1 },
      { status: 'healthy', count: 2 },
    ]);
    expect(model.problems.map((p) => `${p.name}: ${p.reason}`)).toEqual(['e: x', 'c: data 4 m old', 'b: 1 of 3 nodes NotReady']);
  });
});

describe('warningEvents', () => {
  it('shows only warnings of the selected clusters, newest first, with their age', () => {
    const base = { namespace: 'ns', involvedObject: { kind: 'Pod', name: 'p' }, reason: 'BackOff', message: 'm', count: 1, firstSeen: 0 };
    const events: FleetEvent[] = [
      { ...base, id: '1', cluster: 'a', type: 'Warning', lastSeen: 1000 },
      { ...base, id: '2', cluster: 'a', type: 'Normal', lastSeen: 2000 },
      { ...base, id: '3', cluster: 'b', type: 'Warning', lastSeen: 3000 },
      { ...base, id: '4', cluster: 'c', type: 'Warning', lastSeen: 4000, count: 5 },
    ];
    const lines = warningEvents(events, 64_000, (c) => c !== 'b');
    expect(lines.map((l) => [l.id, l.age, l.count, l.object])).toEqual([
      ['4', '1 m ago', 5, 'Pod/p'],
      ['1', '1 m ago', 1, 'Pod/p'],
    ]);
  });
});

describe('costPanel', () => {
  it('leads with node cost per month, says how much of it is allocated, and ranks clusters by node cost', async () => {
    const { costPanel } = await import('./panel-models');
    const split = (total: number) => ({ cpu: total, memory: 0, gpu: 0, storage: 0, total });
    const cluster = (name: string, assets: number | null, idle: number) => ({
      cluster: name,
      labels: {},
      currency: 'USD',
      profile: 'default',
      assets: assets === null ? null : { hourly: split(assets), nodes: 1, daily: assets * 24, monthly: assets * 730 },
      allocated: null,
      idle: split(idle),
      namespaces: [],
      workloads: [],
      basis: { cpu: 'requests' as const, memory: 'requests' as const },
      missing: [],
    });
    const model = costPanel(
      {
        generatedAt: 0,
        clusters: [cluster('small', 1, 0.5), cluster('big', 4, 1), cluster('unknown', null, 0), cluster('hidden', 10, 0)],
        fleet: [
          {
            currency: 'USD',
            clusters: 3,
            incomplete: ['unknown'],
            assets: split(5),
            allocated: split(2),
            idle: split(3),
            daily: 48,
            monthly: 1460,
            efficiency: 0.5,
          },
        ],
      },
      (name) => name !== 'hidden',
    );
    expect(model.totals).toEqual([{ currency: 'USD', monthly: '$3,650', allocatedShare: '40 %', idleMonthly: '$2,190', efficiency: '50 %' }]);
    expect(model.top.map((t) => [t.cluster, t.monthly, t.share, t.idleShare])).toEqual([
      ['big', '$2,920', 1, 0.25],
      ['small', '$730', 0.25, 0.5],
      ['unknown', 'node cost unknown', 0, 0],
    ]);
  });
});
