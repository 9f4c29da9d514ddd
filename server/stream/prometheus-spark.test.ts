import { describe, expect, it } from 'vitest';
import { sparkOfRange } from './prometheus-spark';

describe("a sparkline from a Prometheus query_range answer's data", () => {
  const range = { startMs: 1765000800000, endMs: 1765001040000, stepMs: 60_000 };

  it('reads the one series of the sum, seconds to ms, values from their strings (as the HTTP API documents a matrix), 0 where it has none', () => {
    const data = {
      resultType: 'matrix',
      result: [
        {
          metric: {},
          values: [
            [1765000800, '3'],
            [1765000860, '2'],
            [1765000980, 'NaN'],
          ],
        },
      ],
    };
    expect(sparkOfRange(data, range)?.map((p) => p.v)).toEqual([3, 2, 0, 0, 0]);
    expect(sparkOfRange(data, range)?.map((p) => p.t - range.startMs)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
  });

  it('gives a line at 0 for an empty result (a sum over no waiting container is no series), and refuses what is not a matrix', () => {
    expect(sparkOfRange({ resultType: 'matrix', result: [] }, range)?.map((p) => p.v)).toEqual([0, 0, 0, 0, 0]);
    expect(sparkOfRange({ resultType: 'vector', result: [] }, range)).toBeNull();
    expect(sparkOfRange('garbage', range)).toBeNull();
  });
});
