import { describe, expect, it } from 'vitest';
import { historyRows } from './status-history-model';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-07T12:00:00Z');
const t = (hoursAgo: number, from: 'healthy' | 'degraded' | null, to: 'healthy' | 'degraded', reason: string | null = null) => ({
  cluster: 'prod-us',
  at: NOW - hoursAgo * HOUR,
  from,
  to,
  reason,
});

describe('the status history table', () => {
  it('lists the transitions of the period newest first, each with how long it held, the one in force marked', () => {
    const from = NOW - 24 * HOUR;
    const rows = historyRows([t(30, null, 'healthy'), t(10, 'healthy', 'degraded', '2 of 10 nodes NotReady'), t(4, 'degraded', 'healthy')], NOW, from);
    expect(rows.map((r) => [r.to, r.from, r.heldMs / HOUR, r.current, r.reason])).toEqual([
      ['healthy', 'degraded', 4, true, null],
      ['degraded', 'healthy', 6, false, '2 of 10 nodes NotReady'],
    ]);
  });
});
