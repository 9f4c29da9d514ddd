import { describe, expect, it } from 'vitest';
import { sparkOfRange } from './prometheus-spark';

describe("a sparkline from a Prometheus query_range answer's data", () => {
  it('reads the one series of the sum, seconds to ms, values from their strings (as the HTTP API documents a matrix)', () => {
    const data = {
      resultType: 'matrix',
      result: [
        {
          metric: {},
          values: [
            [1765000800, '3'],
            [1765000860.5, '2'],
            [1765000920, 'NaN'],
          ],
        },
      ],
    };
    expect(sparkOfRange(data)).toEqual([
      { t: 1765000800000, v: 3 },
      { t: 1765000860500, v: 2 },
    ]);
  });

  it('gives no points for an empty result (no such series), and refuses what is not a matrix', () => {
    expect(sparkOfRange({ resultType: 'matrix', result: [] })).toEqual([]);
    expect(sparkOfRange({ resultType: 'vector', result: [] })).toBeNull();
    expect(sparkOfRange('garbage')).toBeNull();
  });
});
