import { describe, expect, it } from 'vitest';
import { createSeriesBudget, defaultMaxSeries } from './budget';

describe('createSeriesBudget', () => {
  it("takes a cluster's series in place of what it held, and refuses a claim past the budget without changing anything", () => {
    const budget = createSeriesBudget(100);
    expect(budget.claim('a', 60)).toEqual({ ok: true });
    expect(budget.claim('b', 50)).toEqual({ ok: false, total: 110 });
    expect(budget.total).toBe(60);
    expect(budget.claim('b', 40)).toEqual({ ok: true });
    // A cluster's new scrape replaces its old one: 60 → 55 frees room, 60 → 70 does not fit.
    expect(budget.claim('a', 70)).toEqual({ ok: false, total: 110 });
    expect(budget.claim('a', 55)).toEqual({ ok: true });
    expect(budget.claim('b', 45)).toEqual({ ok: true });
    expect(budget.total).toBe(100);
  });

  it('refuses a budget that is not a positive whole number', () => {
    expect(() => createSeriesBudget(0)).toThrow('positive integer');
  });
});

describe('defaultMaxSeries', () => {
  it('is the series that fit in half the memory and half the heap limit, whichever is fewer', () => {
    const GiB = 1024 ** 3;
    // 23.5 GiB and a 4 GiB heap (this development machine): the heap decides.
    expect(defaultMaxSeries({ memoryBytes: 23.5 * GiB, heapLimitBytes: 4 * GiB })).toBe(7_158_278);
    // A 2 GiB container: its memory decides.
    expect(defaultMaxSeries({ memoryBytes: 2 * GiB, heapLimitBytes: 2 * GiB })).toBe(766_958);
  });
});
