/** A report as tables, the shape both CSV and Markdown are written from. */
export type Cell = string | number | null;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** Numbers as people read them in a report: money to `digits` places, ratios as percentages. */
export function fixed(value: number | null | undefined, digits: number): Cell {
  return value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
}

export function percent(value: number | null | undefined): Cell {
  return value === null || value === undefined || !Number.isFinite(value) ? null : `${(value * 100).toFixed(1)}%`;
}

export function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function countsText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}
