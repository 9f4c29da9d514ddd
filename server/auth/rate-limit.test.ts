import { describe, expect, it } from 'vitest';
import { createFailureLimiter } from './rate-limit';

describe('the failed-authentication limit per address', () => {
  it('makes an address wait once it failed the limit in a minute, until its oldest failure is a minute old', () => {
    let t = 1_000_000;
    const limiter = createFailureLimiter({ perMinute: 3, now: () => t });
    expect([limiter.fail('a'), limiter.fail('a')]).toEqual([false, false]);
    t += 10_000;
    expect(limiter.fail('a')).toBe(true);
    expect(limiter.retryAfter('a')).toBe(50);
    expect(limiter.retryAfter('b')).toBe(0);
    t += 50_000;
    expect(limiter.retryAfter('a')).toBe(0);
    expect(limiter.failures('a')).toBe(1);
  });
});
