import { describe, expect, it } from 'vitest';
import { costDays, utcDay } from './cost-days';

const NOW = Date.parse('2026-11-21T10:00:00Z');

describe('day-over-day cost', () => {
  it('pairs today with yesterday per cluster, skipping clusters missing a day or changing currency', () => {
    const rows = [
      { cluster: 'a', day: '2026-11-20', daily: 100, currency: 'USD' },
      { cluster: 'a', day: '2026-11-21', daily: 140, currency: 'USD' },
      { cluster: 'b', day: '2026-11-21', daily: 50, currency: 'USD' },
      { cluster: 'c', day: '2026-11-20', daily: 10, currency: 'EUR' },
      { cluster: 'c', day: '2026-11-21', daily: 12, currency: 'USD' },
    ];
    expect([...costDays(rows, NOW)]).toEqual([['a', { today: 140, yesterday: 100, currency: 'USD' }]]);
    expect(utcDay(Date.parse('2026-11-21T23:59:59Z'))).toBe('2026-11-21');
  });
});
