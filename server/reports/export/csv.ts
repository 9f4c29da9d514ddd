import type { Cell, Table } from './table';

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line
 * break. Text a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe, since messages and labels come from the clusters.
 */
function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table as CSV with a header row, CRLF line ends as RFC 4180 has them. */
export function toCsv(table: Table): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
