import { describe, expect, it } from 'vitest';
import type { SourceResult } from '../fleet/inputs';
import { createPoller } from './poller';

function slowFetch(ms: number) {
  let calls = 0;
  return {
    calls: () => calls,
    fetch: async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { ok: true as const, data: calls };
    },
  };
}

describe('createPoller', () => {
  it('makes its first attempt at start, resolving once it is reported, then one every interval', async () => {
    const source = slowFetch(30);
    const reports: Array<SourceResult<number>> = [];
    const poller = createPoller({ cluster: 'c1', intervalMs: 50, jitter: 0, fetch: source.fetch, report: (r) => reports.push(r) });
    const started = Date.now();
    await poller.start();
    expect(reports.map((r) => r.ok && r.data)).toEqual([1]);
    expect(Date.now() - started).toBeLessThan(45);
    await new Promise((resolve) => setTimeout(resolve, 200));
    poller.stop();
    expect(reports.length).toBeGreaterThanOrEqual(3);
  });

  it('never runs two attempts at once: a caller during an attempt waits for that one', async () => {
    const source = slowFetch(30);
    const reports: Array<SourceResult<number>> = [];
    const poller = createPoller({ cluster: 'c1', intervalMs: 10_000, fetch: source.fetch, report: (r) => reports.push(r) });
    const first = poller.start();
    await poller.runOnce();
    await first;
    poller.stop();
    expect(source.calls()).toBe(1);
    expect(reports).toHaveLength(1);
  });
});
