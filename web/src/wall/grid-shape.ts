export interface GridInput {
  count: number;
  /** The grid's area in px. */
  width: number;
  height: number;
  /** Wanted tile aspect (width ÷ height); default 1.6. */
  aspect?: number;
  /** Gap between rows in px. */
  gap?: number;
  /** Rows lower than this are used only when no shape has higher ones (the tile could not show its status word). */
  minCellHeight?: number;
}

/**
 * Columns and rows for `count` tiles in a `width` × `height` area so that
 * tiles are as large as possible at about the given aspect ratio — every
 * tile visible, none scrolled away — and, where any shape allows it, at
 * least `minCellHeight` high.
 */
export function gridShape(input: GridInput): { cols: number; rows: number } {
  const { count, width, height, aspect = 1.6, gap = 0, minCellHeight = 0 } = input;
  if (count <= 0 || width <= 0 || height <= 0) return { cols: 1, rows: 1 };
  let best = { cols: 1, rows: count, size: -1, tallEnough: false };
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    const cellHeight = (height - gap * (rows - 1)) / rows;
    // The largest tile of the wanted aspect that fits a cell; its height is the measure of readability.
    const size = Math.min(width / cols / aspect, cellHeight);
    const tallEnough = cellHeight >= minCellHeight;
    if ((tallEnough && !best.tallEnough) || (tallEnough === best.tallEnough && size > best.size)) best = { cols, rows, size, tallEnough };
  }
  return { cols: best.cols, rows: best.rows };
}

/** Size of the smallest text the room must read, in vmin: 28 px at 1920×1080, 56 px at 3840×2160. Also in styles.css (--read). */
export const READ_VMIN = 2.6;
/** Line height of tile text, in units of its font size. Also in styles.css. */
export const TILE_LINE_HEIGHT = 1.1;

/** The height of a tile holding `lines` lines of text of `readPx` (the inverse of tileLines). */
export function tileHeightFor(lines: number, readPx: number): number {
  return readPx * (0.4 + lines * TILE_LINE_HEIGHT);
}

/**
 * How many lines of the smallest readable text a tile of this height holds
 * after its padding (0.2 of the text size at each edge): the tile shows its name and
 * status first and more as the lines allow, never smaller text.
 */
export function tileLines(cellHeight: number, readPx: number): number {
  if (readPx <= 0) return 0;
  return Math.max(1, Math.floor((cellHeight - 0.4 * readPx) / (readPx * TILE_LINE_HEIGHT)));
}
