import { describe, expect, it } from 'vitest';
import { createBackoff, REFLECTOR_BACKOFF } from './backoff';

function waits(count: number, options: { random: () => number; step?: number }): number[] {
  let clock = 0;
  const backoff = createBackoff({ ...REFLECTOR_BACKOFF, random: options.random, now: () => clock });
  return Array.from({ length: count }, () => {
    const wait = backoff.next();
    clock += options.step ?? wait;
    return wait;
  });
}

describe('the reflector back-off', () => {
  it('doubles from 0.8 s up to 30 s', () => {
    expect(waits(9, { random: () => 0 })).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000]);
  });

  it('stretches each wait by up to as much again, at random, so clusters do not retry in step', () => {
    expect(waits(3, { random: () => 0.5 })).toEqual([1200, 2400, 4800]);
    expect(Math.max(...waits(20, { random: () => 0.999 }))).toBeLessThan(60_000);
  });

  it('starts over after two minutes without a wait (a watch that ran that long was healthy)', () => {
    expect(waits(4, { random: () => 0, step: 2 * 60_000 + 1 })).toEqual([800, 800, 800, 800]);
    expect(waits(4, { random: () => 0, step: 2 * 60_000 })).toEqual([800, 1600, 3200, 6400]);
  });
});
