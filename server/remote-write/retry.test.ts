import { describe, expect, it } from 'vitest';
import { backoffMs, outcomeOf, retryAfterMs } from './retry';

const wait = { failures: 3, minMs: 30, maxMs: 5000, now: Date.parse('2026-01-01T00:00:00Z') };

describe('remote-write retry policy', () => {
  it('doubles the back-off from minBackoff up to maxBackoff', () => {
    expect([1, 2, 3, 4, 20].map((n) => backoffMs(n, 30, 200))).toEqual([30, 60, 120, 200, 200]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('7', wait.now)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', wait.now)).toBe(10_000);
    expect([retryAfterMs(null, wait.now), retryAfterMs('soon', wait.now)]).toEqual([null, null]);
  });

  it('sends on 2xx, retries 5xx and 429 (Retry-After first), rejects other answers', () => {
    expect(outcomeOf({ status: 204, retryAfter: null, body: '' }, wait)).toEqual({ kind: 'sent' });
    expect(outcomeOf({ status: 503, retryAfter: null, body: 'down' }, wait)).toEqual({ kind: 'retry', afterMs: 120, reason: 'HTTP 503: down' });
    expect(outcomeOf({ status: 429, retryAfter: '2', body: '' }, wait)).toEqual({ kind: 'retry', afterMs: 2000, reason: 'HTTP 429' });
    expect(outcomeOf({ status: 400, retryAfter: null, body: 'out of order sample\n' }, wait)).toEqual({
      kind: 'rejected',
      reason: 'HTTP 400: out of order sample',
    });
    expect(outcomeOf({ status: 404, retryAfter: '1', body: '' }, wait).kind).toBe('rejected');
  });
});
