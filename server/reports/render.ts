import type { FleetHealth } from '../../shared/health';
import type { ReportFormat, ReportKind } from '../../shared/reports/common';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetHygiene } from '../../shared/reports/hygiene';
import type { FleetSkew } from '../../shared/reports/skew';
import { availabilityReport, type AvailabilityOptions } from './availability';
import { availabilityIntro, availabilityTables } from './export/availability-tables';
import { costIntro, costTables } from './export/cost-tables';
import { toCsv } from './export/csv';
import { healthIntro, healthTables } from './export/health-tables';
import { hygieneIntro, hygieneTables } from './export/hygiene-tables';
import { toMarkdown } from './export/markdown';
import { skewIntro, skewTables } from './export/skew-tables';
import type { Table } from './export/table';

export interface RenderedReport {
  contentType: string;
  /** e.g. fleetscope-cost-20261121T1000Z.csv */
  filename: string;
  body: string;
  /**
   * The most severe problem the report shows, for `fleetscope report --fail-on`:
   * health: a critical or unreachable cluster is critical, a degraded one a
   * warning; skew and hygiene: the most severe finding (info does not count); cost: null.
   */
  worst: 'warning' | 'critical' | null;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  md: 'text/markdown; charset=utf-8',
};

const TITLES: Record<ReportKind, string> = {
  health: 'Fleet health',
  cost: 'Fleet cost',
  skew: 'Version skew',
  hygiene: 'Fleet hygiene',
  availability: 'Fleet availability',
};

/** A fleet report built at some time (by the ReportService, or the fleetX functions), with its kind. */
export type FleetReport =
  | { kind: 'health'; report: FleetHealth }
  | { kind: 'cost'; report: FleetCost }
  | { kind: 'skew'; report: FleetSkew }
  | { kind: 'hygiene'; report: FleetHygiene };

/** What to write: a fleet report built at `now`, or for availability the status transitions to build it from. */
export type RenderOptions = { format: ReportFormat; now: number } & (FleetReport | { kind: 'availability'; availability: Omit<AvailabilityOptions, 'now'> });

/** A report's content before it is written: its JSON, its tables (the CSV being `csv`, else the first), a line of context. */
interface ReportContent {
  data: unknown;
  tables: Table[];
  csv?: Table;
  intro: string;
  worst: RenderedReport['worst'];
}

/** The most severe of some findings; info does not count. */
function worstOf(findings: ReadonlyArray<{ severity: string }>): RenderedReport['worst'] {
  return findings.some((f) => f.severity === 'critical') ? 'critical' : findings.some((f) => f.severity === 'warning') ? 'warning' : null;
}

function content(options: RenderOptions): ReportContent {
  if (options.kind === 'availability') {
    const report = availabilityReport({ ...options.availability, now: options.now });
    return { data: report, ...availabilityTables(report), intro: availabilityIntro(report), worst: null };
  }
  if (options.kind === 'health') {
    const { report } = options;
    const worst = report.counts.critical + report.counts.unreachable > 0 ? 'critical' : report.counts.degraded > 0 ? 'warning' : null;
    return { data: report, tables: healthTables(report), intro: healthIntro(report), worst };
  }
  if (options.kind === 'cost') {
    const { report } = options;
    return { data: report, tables: costTables(report), intro: costIntro(report), worst: null };
  }
  if (options.kind === 'hygiene') {
    const { report } = options;
    return { data: report, tables: hygieneTables(report), intro: hygieneIntro(report), worst: worstOf(report.clusters.flatMap((c) => c.findings)) };
  }
  const { report } = options;
  return { data: report, tables: skewTables(report), intro: skewIntro(report), worst: worstOf(report.clusters.flatMap((c) => c.findings)) };
}

/** Writes one report in `format` (availability: builds it first). Pure. */
export function renderReport(options: RenderOptions): RenderedReport {
  const { kind, format, now } = options;
  const { data, tables, csv, intro, worst } = content(options);
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\d\d\.\d+Z$/, 'Z');
  const filename = `fleetscope-${kind}-${stamp}.${format}`;
  let body: string;
  if (format === 'json') body = `${JSON.stringify(data, null, 2)}\n`;
  else if (format === 'csv') {
    const primary = csv ?? tables[0];
    if (!primary) throw new Error(`the ${kind} report has no table`);
    body = toCsv(primary);
  } else body = toMarkdown(TITLES[kind], intro, tables);
  return { contentType: CONTENT_TYPES[format], filename, body, worst };
}
