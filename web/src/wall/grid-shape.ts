/**
 * Columns and rows for `count` tiles in a `width` × `height` area so that
 * tiles are as large as possible at about the given aspect ratio (width ÷
 * height) — every tile visible, none scrolled away.
 */
export function gridShape(count: number, width: number, height: number, aspect = 1.6): { cols: number; rows: number } {
  if (count <= 0 || width <= 0 || height <= 0) return { cols: 1, rows: 1 };
  let best = { cols: 1, rows: count, size: -1 };
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    // The largest tile of the wanted aspect that fits a cell; its height is the measure of readability.
    const size = Math.min(width / cols / aspect, height / rows);
    if (size > best.size) best = { cols, rows, size };
  }
  return { cols: best.cols, rows: best.rows };
}
