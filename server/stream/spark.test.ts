import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import type { ClusterInventory } from '../inventory/types';
import { createSparkFeed, warningsPerMinute } from './spark';

const MIN = 60_000;
const NOW = Date.parse('2026-12-07T12:00:30Z');

const warning = (over: Partial<FleetEvent>): FleetEvent => ({
  id: 'x',
  cluster: 'dev',
  namespace: 'shop',
  involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'shop' },
  reason: 'BackOff',
  type: 'Warning',
  message: '',
  count: 1,
  firstSeen: NOW,
  lastSeen: NOW,
  ...over,
});
const withEvents = (events: FleetEvent[]) => ({ kubernetes: {} as ClusterInventory['kubernetes'], events });

describe('warningsPerMinute', () => {
  it('counts warnings per completed minute, a merged record spread over the minutes it spans', () => {
    const points = warningsPerMinute(
      withEvents([
        warning({ count: 6, firstSeen: NOW - 3.5 * MIN, lastSeen: NOW - 0.5 * MIN }), // 12:57:00 → 12:00:00, 2 a minute
        warning({ count: 5, firstSeen: NOW - 10.5 * MIN, lastSeen: NOW - 10.5 * MIN }), // 11:50:00
        warning({ type: 'Normal', count: 100, firstSeen: NOW - 2 * MIN, lastSeen: NOW - 2 * MIN }),
        warning({ count: 9, firstSeen: NOW - 2 * 3_600_000, lastSeen: NOW - 2 * 3_600_000 }), // before the hour
      ]),
      NOW,
      60,
    )!;
    expect(points).toHaveLength(60);
    expect(points.at(-1)?.t).toBe(Date.parse('2026-12-07T11:59:00Z'));
    expect(points.slice(-3).map((p) => p.v)).toEqual([2, 2, 2]);
    expect(points.find((p) => p.t === Date.parse('2026-12-07T11:50:00Z'))?.v).toBe(5);
    expect(points.reduce((s, p) => s + p.v, 0)).toBe(11);
  });

  it('draws nothing for a cluster without the Kubernetes API', () => {
    expect(warningsPerMinute({ kubernetes: null, events: [] }, NOW, 60)).toBeNull();
  });

  it('is computed once per cluster and minute', () => {
    const feed = createSparkFeed(60);
    const inventory = withEvents([]) as unknown as ClusterInventory;
    expect(feed.points('dev', inventory, NOW)).toHaveLength(60);
    expect(feed.points('dev', inventory, NOW + 20_000)).toEqual([]);
    expect(feed.points('dev', inventory, NOW + MIN)).toHaveLength(60);
  });
});
