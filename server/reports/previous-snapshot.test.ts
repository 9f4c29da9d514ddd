import { describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../fleet/types';
import { createPreviousSnapshot } from './previous-snapshot';

const snap = (): FleetSnapshot => ({ clusters: [] });

describe('the earlier snapshot kept for rates', () => {
  it('is none until a minute has passed, then one between one and two minutes old', () => {
    const keeper = createPreviousSnapshot({ minAgeMs: 60_000 });
    const [a, b, c, d] = [snap(), snap(), snap(), snap()];
    keeper.observe(a, 0);
    keeper.observe(b, 30_000);
    expect(keeper.get()).toBeUndefined();
    keeper.observe(c, 60_000);
    expect(keeper.get()).toBe(a);
    keeper.observe(d, 100_000);
    expect(keeper.get()).toBe(a);
    keeper.observe(snap(), 120_000);
    expect(keeper.get()).toBe(c);
  });
});
