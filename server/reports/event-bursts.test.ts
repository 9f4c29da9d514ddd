import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import { eventBursts } from './event-bursts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const MIN = 60_000;

function ev(over: Partial<FleetEvent> & { pod: string }): FleetEvent {
  const { pod, ...rest } = over;
  const base: FleetEvent = {
    id: '',
    cluster: 'prod-eu',
    namespace: 'payments',
    involvedObject: { kind: 'Pod', name: pod, namespace: 'payments' },
    reason: 'BackOff',
    type: 'Warning',
    message: 'Back-off restarting failed container',
    count: 1,
    firstSeen: NOW - MIN,
    lastSeen: NOW - MIN,
    ...rest,
  };
  return { ...base, id: `${base.cluster}/${base.namespace}/Pod/${pod}/${base.reason}` };
}

describe('eventBursts', () => {
  it('summarises many events of one reason in one namespace as one line', () => {
    const events = [
      ...Array.from({ length: 12 }, (_, i) => ev({ pod: `api-${i}`, count: i < 1 ? 4 : 3 })), // 4 + 11 * 3 = 37
      ev({ pod: 'web-1', reason: 'Pulled', type: 'Normal', count: 2 }),
      ev({ pod: 'api-0', cluster: 'prod-us', count: 50 }),
    ];
    const bursts = eventBursts(events, NOW, { windowMs: 5 * MIN, minCount: 10 });
    expect(bursts.map((b) => b.summary)).toEqual(['50 BackOff across 1 pod in prod-us/payments in 5m', '37 BackOff across 12 pods in prod-eu/payments in 5m']);
    expect(bursts[1]).toMatchObject({ count: 37, objects: 12, objectKind: 'Pod', type: 'Warning' });
  });

  it('counts only the part of a long-running record that falls in the window', () => {
    // 120 occurrences evenly over the last hour: about 10 in the last 5 minutes.
    const old = ev({ pod: 'api-0', count: 120, firstSeen: NOW - 60 * MIN, lastSeen: NOW });
    expect(eventBursts([old], NOW, { windowMs: 5 * MIN, minCount: 1 })[0]?.count).toBe(10);
    expect(eventBursts([ev({ pod: 'x', count: 99, lastSeen: NOW - 6 * MIN, firstSeen: NOW - 7 * MIN })], NOW, { windowMs: 5 * MIN, minCount: 1 })).toEqual([]);
  });

  it('says "objects" when the kinds differ', () => {
    const mixed = [ev({ pod: 'a', count: 6 }), { ...ev({ pod: 'n1', count: 6 }), involvedObject: { kind: 'Node', name: 'n1' } }];
    expect(eventBursts(mixed, NOW)[0]?.summary).toBe('12 BackOff across 2 objects in prod-eu/payments in 5m');
  });
});
