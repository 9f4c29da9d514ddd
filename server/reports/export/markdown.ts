import type { Cell, Table } from './table';

function mdCell(cell: Cell): string {
  if (cell === null) return '—';
  return String(cell).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A GitHub-flavoured Markdown table under a level-2 heading; "none" when it has no rows. */
export function toMarkdownTable(table: Table): string {
  const head = `## ${table.title}\n\n`;
  if (table.rows.length === 0) return `${head}None.\n`;
  const lines = [table.columns, table.columns.map(() => '---'), ...table.rows].map((row) => `| ${row.map(mdCell).join(' | ')} |`);
  return `${head}${lines.join('\n')}\n`;
}

/** A whole report: title, a line of context, then every table. */
export function toMarkdown(title: string, intro: string, tables: readonly Table[]): string {
  return [`# ${title}\n\n${intro}\n`, ...tables.map(toMarkdownTable)].join('\n');
}
