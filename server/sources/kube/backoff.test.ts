import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { initialMs: 500, maxMs: 30_000 };
  it('doubles from the initial wait up to the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, options, () => 1);
    expect([0, 1, 2, 3, 6, 7, 50].map(top)).toEqual([500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
  });
  it('spreads each wait over its upper half, so clusters do not reconnect in step', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(2000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(3000);
  });
});
