import type { ReportFormat, ReportKind } from '../../shared/reports/common';
import type { ClusterInventory } from '../inventory/types';
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
  /**
   * The most severe problem the report shows, for `fleetscope report --fail-on`:
   * health: a critical or unreachable cluster is critical, a degraded one a
   * warning; skew: its most severe finding (info does not count); cost: null.
   */
  worst: 'warning' | 'critical' | null;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  md: 'text/markdown; charset=utf-8',
};

const TITLES: Record<ReportKind, string> = { health: 'Fleet health', cost: 'Fleet cost', skew: 'Version skew' };

/** Builds one report from the clusters' inventories (read at `now`) and writes it in `format`. Pure. */
export function renderReport(options: {
  kind: ReportKind;
  format: ReportFormat;
  inventories: readonly ClusterInventory[];
  now: number;
  settings: ReportSettings;
}): RenderedReport {
  const { kind, format, inventories, now, settings } = options;
  let data: unknown;
  let tables: Table[];
  let intro: string;
  let worst: RenderedReport['worst'] = null;
  if (kind === 'health') {
    const report = fleetHealth(inventories, now, settings.reports.health);
    [data, tables, intro] = [report, healthTables(report), healthIntro(report)];
    if (report.counts.critical + report.counts.unreachable > 0) worst = 'critical';
    else if (report.counts.degraded > 0) worst = 'warning';
  } else if (kind === 'cost') {
    const report = fleetCost(inventories, now, settings);
    [data, tables, intro] = [report, costTables(report), costIntro(report)];
  } else {
    const report = fleetSkew(inventories, now, settings);
    [data, tables, intro] = [report, skewTables(report), skewIntro(report)];
    const severities = report.clusters.flatMap((c) => c.findings.map((f) => f.severity));
    worst = severities.includes('critical') ? 'critical' : severities.includes('warning') ? 'warning' : null;
  }
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\d\d\.\d+Z$/, 'Z');
  const filename = `fleetscope-${kind}-${stamp}.${format}`;
  let body: string;
  if (format === 'json') body = `${JSON.stringify(data, null, 2)}\n`;
  else if (format === 'csv') {
    const [primary] = tables;
    if (!primary) throw new Error(`the ${kind} report has no table`);
    body = toCsv(primary);
  } else body = toMarkdown(TITLES[kind], intro, tables);
  return { contentType: CONTENT_TYPES[format], filename, body, worst };
}
