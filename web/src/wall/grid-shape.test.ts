import { describe, expect, it } from 'vitest';
import { gridShape } from './grid-shape';

describe('gridShape', () => {
  it('always has a cell for every tile', () => {
    for (const [w, h] of [
      [1344, 980],
      [2688, 1960],
      [1900, 700],
    ] as const) {
      for (let n = 1; n <= 120; n++) {
        const { cols, rows } = gridShape(n, w, h);
        expect(cols * rows).toBeGreaterThanOrEqual(n);
        expect(cols * (rows - 1)).toBeLessThan(n);
      }
    }
  });
  it('makes few large tiles for a small fleet and a dense grid for a hundred', () => {
    expect(gridShape(6, 1344, 980)).toEqual({ cols: 2, rows: 3 });
    expect(gridShape(100, 1344, 980)).toEqual({ cols: 10, rows: 10 });
    expect(gridShape(1, 1344, 980)).toEqual({ cols: 1, rows: 1 });
  });
});
