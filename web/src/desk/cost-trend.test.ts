import { describe, expect, it } from 'vitest';
import type { CostHistory } from '../../../shared/reports/cost-history';
import type { CostTrendPoint } from '../fleet-state';
import { costTrend } from './cost-trend';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const history = (fleet: CostHistory['fleet']): CostHistory => ({ generatedAt: T0, from: '2026-10-23', to: '2026-11-21', days: 30, fleet, clusters: [] });
const live = (t: number, assets: number): CostTrendPoint => ({ t, currency: 'USD', assets, allocated: assets / 2, idle: assets / 2 });

describe('cost trend: stored days, then the live points', () => {
  it('puts the stored days before the live points as monthly node cost', () => {
    const trend = costTrend(
      history([
        { day: '2026-11-19', currency: 'USD', daily: 240, clusters: 6 },
        { day: '2026-11-20', currency: 'USD', daily: 480, clusters: 6 },
        { day: '2026-11-20', currency: 'EUR', daily: 99, clusters: 1 },
      ]),
      [live(T0, 1000), live(T0 + 5000, 1010)],
      'USD',
    );
    expect(trend.rows).toEqual([
      { t: Date.parse('2026-11-19T00:00:00Z'), assets: 7300, stored: true },
      { t: Date.parse('2026-11-20T00:00:00Z'), assets: 14600, stored: true },
      { t: T0, assets: 1000, allocated: 500, idle: 500, stored: false },
      { t: T0 + 5000, assets: 1010, allocated: 505, idle: 505, stored: false },
    ]);
    expect(trend.storedDays).toBe(2);
    expect(trend.spansDays).toBe(true);
  });

  it('with no stored history it is the live points only, and says less than a day is stored', () => {
    const trend = costTrend(null, [live(T0, 1000)], 'USD');
    expect(trend.rows).toHaveLength(1);
    expect(trend.storedDays).toBe(0);
    expect(trend.spansDays).toBe(false);
  });

  it("today's stored record does not come after the live points it repeats", () => {
    const trend = costTrend(history([{ day: '2026-11-21', currency: 'USD', daily: 480, clusters: 6 }]), [live(T0 - 24 * 3_600_000, 1), live(T0, 1000)], 'USD');
    expect(trend.rows.map((r) => r.stored)).toEqual([false, false]);
    expect(trend.storedDays).toBe(1);
  });
});
