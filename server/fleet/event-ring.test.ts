import { describe, expect, it } from 'vitest';
import type { ObservedEvent } from './inputs';
import { EventRing } from './event-ring';

function seen(uid: string, rv: string, over: { pod?: string; reason?: string; count?: number; lastSeen?: number; message?: string } = {}): ObservedEvent {
  const pod = over.pod ?? 'api-1';
  const reason = over.reason ?? 'BackOff';
  const lastSeen = over.lastSeen ?? 1000;
  return {
    uid,
    resourceVersion: rv,
    event: {
      id: `c1/payments/Pod/${pod}/${reason}`,
      cluster: 'c1',
      namespace: 'payments',
      involvedObject: { kind: 'Pod', name: pod, namespace: 'payments' },
      reason,
      type: 'Warning',
      message: over.message ?? 'Back-off restarting failed container',
      count: over.count ?? 1,
      firstSeen: 500,
      lastSeen,
    },
  };
}

describe('EventRing', () => {
  it('merges repeats of one object and reason: count adds up, last seen moves', () => {
    const ring = new EventRing(10);
    expect(ring.observe(seen('u1', '1')).kind).toBe('added');
    // The same Event object bumped (count 1 -> 3) and a second Event object for the same pod and reason.
    expect(ring.observe(seen('u1', '2', { count: 3, lastSeen: 2000 }))).toMatchObject({ kind: 'updated', event: { count: 3, lastSeen: 2000 } });
    expect(ring.observe(seen('u2', '3', { count: 2, lastSeen: 3000, message: 'newer words' }))).toMatchObject({
      kind: 'updated',
      event: { count: 5, lastSeen: 3000, firstSeen: 500, message: 'newer words' },
    });
    expect(ring.toArray()).toHaveLength(1);
  });

  it('ignores an object seen again at a resourceVersion it already has (relist, resumed watch)', () => {
    const ring = new EventRing(10);
    ring.observe(seen('u1', '1', { count: 2 }));
    expect(ring.observe(seen('u1', '1', { count: 2 }))).toEqual({ kind: 'unchanged' });
    // A new resourceVersion with nothing the feed shows changed is not news either.
    expect(ring.observe(seen('u1', '7', { count: 2 }))).toEqual({ kind: 'unchanged' });
    expect(ring.toArray()[0]?.count).toBe(2);
  });

  it('keeps at most its size; the least recently seen leaves first', () => {
    const ring = new EventRing(3);
    for (let i = 0; i < 5; i++) ring.observe(seen(`u${i}`, String(i), { pod: `p${i}` }));
    ring.observe(seen('u2', '9', { pod: 'p2', count: 4 }));
    expect(ring.toArray().map((e) => e.involvedObject.name)).toEqual(['p3', 'p4', 'p2']);
  });

  it('hands out the same frozen array until something changes', () => {
    const ring = new EventRing(3);
    ring.observe(seen('u1', '1'));
    const first = ring.toArray();
    expect(ring.toArray()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    ring.observe(seen('u2', '2', { pod: 'p2' }));
    expect(ring.toArray()).not.toBe(first);
  });
});
