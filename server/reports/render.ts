import type { ReportFormat, ReportKind } from '../../shared/reports/common';
import type { FleetSnapshot } from '../fleet/types';
import { fleetCost } from './cost';
import { costIntro, costTables } from './export/cost-tables';
import { toCsv } from './export/csv';
import { healthIntro, healthTables } from './export/health-tables';
import { toMarkdown } from './export/markdown';
import { skewIntro, skewTables } from './export/skew-tables';
import type { Table } from './export/table';
import { fleetHealth } from './health';
import type { ReportSettings } from './settings';
import { fleetSkew } from './skew';

export interface RenderedReport {
  contentType: string;
  /** e.g. fleetscope-cost-20261121T1000Z.csv */
  filename: string;
  body: string;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  md: 'text/markdown; charset=utf-8',
};

const TITLES: Record<ReportKind, string> = { health: 'Fleet health', cost: 'Fleet cost', skew: 'Version skew' };

/** Builds one report from a snapshot (and an earlier one, to rate counters) and writes it in `format`. Pure. */
export function renderReport(options: { kind: ReportKind; format: ReportFormat; snapshot: FleetSnapshot; now: number; settings: ReportSettings; previous?: FleetSnapshot }): RenderedReport {
  const { kind, format, snapshot, now, settings } = options;
  let data: unknown;
  let tables: Table[];
  let intro: string;
  if (kind === 'health') {
    const report = fleetHealth(snapshot, now, settings.reports.health);
    [data, tables, intro] = [report, healthTables(report), healthIntro(report)];
  } else if (kind === 'cost') {
    const report = fleetCost(snapshot, now, settings, options.previous);
    [data, tables, intro] = [report, costTables(report), costIntro(report)];
  } else {
    const report = fleetSkew(snapshot, now, settings);
    [data, tables, intro] = [report, skewTables(report), skewIntro(report)];
  }
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\d\d\.\d+Z$/, 'Z');
  const filename = `fleetscope-${kind}-${stamp}.${format}`;
  let body: string;
  if (format === 'json') body = `${JSON.stringify(data, null, 2)}\n`;
  else if (format === 'csv') {
    const [primary] = tables;
    if (!primary) throw new Error(`the ${kind} report has no table`);
    body = toCsv(primary);
  }
  else body = toMarkdown(TITLES[kind], intro, tables);
  return { contentType: CONTENT_TYPES[format], filename, body };
}
