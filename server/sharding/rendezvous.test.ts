import { describe, expect, it } from 'vitest';
import { assign, ownerOf } from './rendezvous';

const clusters = Array.from({ length: 1000 }, (_, i) => `cluster-${i}`);
const count = (owners: Map<string, string | null>) => {
  const n = new Map<string, number>();
  for (const o of owners.values()) if (o) n.set(o, (n.get(o) ?? 0) + 1);
  return n;
};

describe('rendezvous hashing', () => {
  it('spreads 1,000 clusters evenly over 4 members', () => {
    const n = count(assign(clusters, ['a', 'b', 'c', 'd']));
    expect([...n.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const v of n.values()) expect(v).toBeGreaterThan(180); // 250 each on average
  });

  it('agrees whatever the order the members are listed in', () => {
    expect(assign(clusters, ['a', 'b', 'c', 'd'])).toEqual(assign(clusters, ['d', 'c', 'a', 'b']));
  });

  it('moves only the lost member’s clusters when one leaves, and brings them back when it returns', () => {
    const before = assign(clusters, ['a', 'b', 'c', 'd']);
    const after = assign(clusters, ['a', 'b', 'd']);
    for (const c of clusters) {
      if (before.get(c) !== 'c') expect(after.get(c)).toBe(before.get(c));
      else expect(after.get(c)).not.toBe('c');
    }
    expect(assign(clusters, ['a', 'b', 'c', 'd'])).toEqual(before);
  });

  it('has no owner without members', () => {
    expect(ownerOf('x', [])).toBeNull();
  });
});
