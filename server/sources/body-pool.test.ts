import { describe, expect, it } from 'vitest';
import { createBodyPool } from './body-pool';

describe('body pool', () => {
  it('hands a released buffer to the next take that fits it, and the old lease is then expired', () => {
    const pool = createBodyPool();
    const first = pool.take(100_000);
    expect(first.buffer.length).toBeGreaterThanOrEqual(100_000);
    expect(first.expired).toBe(false);
    first.release();
    expect(first.expired).toBe(true);
    expect(pool.freeBytes).toBe(first.buffer.length);
    const second = pool.take(90_000);
    expect(second.buffer === first.buffer).toBe(true);
    expect(pool.freeBytes).toBe(0);
  });

  it('keeps a pinned buffer out of the pool until every pin is let go', () => {
    const pool = createBodyPool();
    const lease = pool.take(50_000);
    const unpinA = lease.pin();
    const unpinB = lease.pin();
    lease.release();
    expect(lease.expired).toBe(false);
    expect(pool.take(50_000).buffer === lease.buffer).toBe(false);
    unpinA();
    unpinA(); // a second call does nothing
    expect(lease.expired).toBe(false);
    unpinB();
    expect(lease.expired).toBe(true);
    expect(pool.take(50_000).buffer === lease.buffer).toBe(true);
  });

  it('does not give a much bigger buffer to a small body, nor a smaller one to a big body', () => {
    const pool = createBodyPool();
    const big = pool.take(10_000_000);
    big.release();
    expect(pool.take(100_000).buffer === big.buffer).toBe(false);
    expect(pool.take(20_000_000).buffer === big.buffer).toBe(false);
    expect(pool.take(9_000_000).buffer === big.buffer).toBe(true);
  });

  it('keeps at most maxFree free buffers', () => {
    const pool = createBodyPool({ maxFree: 2 });
    const leases = [pool.take(400_000), pool.take(400_000), pool.take(400_000)];
    for (const lease of leases) lease.release();
    expect(pool.freeBytes).toBe(leases[0]!.buffer.length + leases[1]!.buffer.length);
    expect(leases.every((l) => l.expired)).toBe(true);
  });
});
