import { describe, expect, it } from 'vitest';
import { backoffMs, redactUrl, retryAfterMs } from './backoff';

describe('back-off and Retry-After', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
  it('reads delay-seconds and HTTP-dates', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Sat, 21 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
  it('keeps only scheme and host of a webhook URL', () => {
    expect(redactUrl('https://hooks.slack.com/services/T0/B0/secret')).toBe('https://hooks.slack.com/…');
  });
});
