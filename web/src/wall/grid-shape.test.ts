import { describe, expect, it } from 'vitest';
import { burnInOffset } from './burn-in';
import { gridShape, tileLines } from './grid-shape';

describe('gridShape', () => {
  it('always has a cell for every tile', () => {
    for (const [w, h] of [
      [1344, 980],
      [2688, 1960],
      [1900, 700],
    ] as const) {
      for (let n = 1; n <= 120; n++) {
        const { cols, rows } = gridShape({ count: n, width: w, height: h });
        expect(cols * rows).toBeGreaterThanOrEqual(n);
        expect(cols * (rows - 1)).toBeLessThan(n);
      }
    }
  });
  it('makes few large tiles for a small fleet and a dense grid for a hundred', () => {
    expect(gridShape({ count: 6, width: 1344, height: 980 })).toEqual({ cols: 2, rows: 3 });
    expect(gridShape({ count: 100, width: 1344, height: 980 })).toEqual({ cols: 10, rows: 10 });
    expect(gridShape({ count: 1, width: 1344, height: 980 })).toEqual({ cols: 1, rows: 1 });
  });
});

describe('tileLines', () => {
  it('counts the lines of 28 px text a tile holds, at least one', () => {
    expect(tileLines(77, 28)).toBe(2);
    expect(tileLines(400, 28)).toBe(12);
    expect(tileLines(20, 28)).toBe(1);
  });
});

describe('gridShape with a smallest readable tile', () => {
  it('gives up tile area to keep every tile two lines high where it can', () => {
    const loose = gridShape({ count: 100, width: 1460, height: 1000, aspect: 2.4, gap: 8 });
    const kept = gridShape({ count: 100, width: 1460, height: 1000, aspect: 2.4, gap: 8, minCellHeight: 73 });
    expect((1000 - 8 * (loose.rows - 1)) / loose.rows).toBeLessThan(73);
    expect((1000 - 8 * (kept.rows - 1)) / kept.rows).toBeGreaterThanOrEqual(73);
    expect(kept.cols * kept.rows).toBeGreaterThanOrEqual(100);
  });
});

describe('burnInOffset', () => {
  it('walks around a small square and comes back, inside the wall padding', () => {
    const steps = Array.from({ length: 30 }, (_, i) => burnInOffset(i));
    expect(new Set(steps.map((s) => `${s.x},${s.y}`)).size).toBeGreaterThan(8);
    for (const s of steps) expect(Math.max(Math.abs(s.x), Math.abs(s.y))).toBeLessThanOrEqual(4);
    expect(burnInOffset(0)).toEqual({ x: 0, y: 0 });
  });
});
