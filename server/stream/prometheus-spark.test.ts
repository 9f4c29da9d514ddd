import { describe, expect, it } from 'vitest';
import { sparkOfRange } from './prometheus-spark';

const T0 = 1765000800;
const matrixOf = (values: Array<[number, string]>) => ({ resultType: 'matrix', result: values.length ? [{ metric: {}, values }] : [] });

describe("a sparkline from a Prometheus query_range answer's data", () => {
  const pods = matrixOf([0, 60, 120, 180, 240].map((s) => [T0 + s, '12'] as [number, string]));

  it('reads the one series of the sum, seconds to ms, values from their strings (as the HTTP API documents a matrix), 0 where pods are reported and none wait', () => {
    const waiting = matrixOf([
      [T0, '3'],
      [T0 + 60, '2'],
      [T0 + 120, 'NaN'],
    ]);
    const points = sparkOfRange(waiting, pods);
    expect(points?.map((p) => p.v)).toEqual([3, 2, 0, 0, 0]);
    expect(points?.map((p) => p.t - T0 * 1000)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(sparkOfRange(matrixOf([]), pods)?.map((p) => p.v)).toEqual([0, 0, 0, 0, 0]);
  });

  it('draws no point where kube-state-metrics reports no pods: no line at all from a Prometheus without it', () => {
    expect(sparkOfRange(matrixOf([]), matrixOf([]))).toEqual([]);
    const later = matrixOf([
      [T0 + 180, '7'],
      [T0 + 240, '7'],
    ]);
    expect(sparkOfRange(matrixOf([[T0 + 240, '1']]), later)).toEqual([
      { t: (T0 + 180) * 1000, v: 0 },
      { t: (T0 + 240) * 1000, v: 1 },
    ]);
  });

  it('refuses what is not a matrix', () => {
    expect(sparkOfRange({ resultType: 'vector', result: [] }, pods)).toBeNull();
    expect(sparkOfRange(matrixOf([]), 'garbage')).toBeNull();
  });
});
