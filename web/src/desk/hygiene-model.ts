import type { Severity } from '../../../shared/health';
import {
  HYGIENE_CHECK_LABELS,
  HYGIENE_CHECKS,
  type CidrSide,
  type FleetHygiene,
  type HygieneCheckId,
  type HygieneCheckStatus,
} from '../../../shared/reports/hygiene';
import type { Fetched } from '../common/fetch-json';

/** Where the page reads the report, and the two downloads. */
export const HYGIENE_URL = '/api/reports/hygiene?format=json';
export const HYGIENE_DOWNLOADS = [
  { format: 'CSV', href: '/api/reports/hygiene?format=csv' },
  { format: 'Markdown', href: '/api/reports/hygiene?format=md' },
] as const;

export interface HygieneCell {
  status: HygieneCheckStatus;
  /** What the cell says: the check's summary, or "not seen" for a missing input (never shown as fine). */
  text: string;
  /** For a missing input: what to add to see it. */
  hint: string | null;
}

export interface HygieneRow {
  cluster: string;
  cells: Record<HygieneCheckId, HygieneCell>;
  /** The worst status of the row (missing counts below warning, above ok). */
  worst: HygieneCheckStatus;
}

const STATUS_RANK: Record<HygieneCheckStatus, number> = { critical: 0, warning: 1, missing: 2, ok: 3 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The mark beside a status, so that it reads without colour. */
export function statusMark(status: HygieneCheckStatus): string {
  return status === 'critical' ? '✖' : status === 'warning' ? '▲' : status === 'missing' ? '?' : '✓';
}

/** One row per cluster, one cell per check of HYGIENE_CHECKS (a check the server left out is "not seen"). */
export function hygieneMatrix(report: FleetHygiene): HygieneRow[] {
  return report.clusters.map((c) => {
    const cells = {} as Record<HygieneCheckId, HygieneCell>;
    for (const id of HYGIENE_CHECKS) {
      const check = c.checks.find((k) => k.check === id);
      cells[id] = !check
        ? { status: 'missing', text: 'not seen', hint: 'not reported by this server' }
        : check.status === 'missing'
          ? { status: 'missing', text: 'not seen', hint: check.hint ?? (check.summary || null) }
          : { status: check.status, text: check.summary || check.status, hint: null };
    }
    const worst = HYGIENE_CHECKS.map((id) => cells[id].status).reduce((w, s) => (STATUS_RANK[s] < STATUS_RANK[w] ? s : w), 'ok' as HygieneCheckStatus);
    return { cluster: c.cluster, cells, worst };
  });
}

export interface FindingLine {
  cluster: string;
  severity: Severity;
  check: string;
  subject: string;
  message: string;
}

/** Every finding of the fleet, the most severe first, then by cluster and check. */
export function hygieneFindings(report: FleetHygiene): FindingLine[] {
  return report.clusters
    .flatMap((c) =>
      c.findings.map((f) => ({
        cluster: c.cluster,
        severity: f.severity,
        check: HYGIENE_CHECK_LABELS[f.check] ?? f.check,
        subject: f.namespace ? `${f.namespace}/${f.subject}` : f.subject,
        message: f.message,
      })),
    )
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.cluster.localeCompare(b.cluster) || a.check.localeCompare(b.check));
}

export interface OverlapRow {
  group: string;
  a: string;
  b: string;
  overlap: string;
}

function side(s: CidrSide): string {
  return `${s.cluster}: ${s.cidr} (${s.kind}${s.node ? `, ${s.node}` : ''})`;
}

/** The CIDR overlaps table: each pair once, with the exact overlapping range. */
export function overlapRows(report: FleetHygiene): OverlapRow[] {
  return report.fleet.cidrOverlaps.map((o) => ({ group: o.group, a: side(o.a), b: side(o.b), overlap: o.overlap }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The answer of GET /api/reports/hygiene is a FleetHygiene (the parts the page reads). */
export function isFleetHygiene(value: unknown): value is FleetHygiene {
  return (
    isObject(value) &&
    Array.isArray(value.clusters) &&
    value.clusters.every((c) => isObject(c) && typeof c.cluster === 'string' && Array.isArray(c.checks) && Array.isArray(c.findings)) &&
    isObject(value.fleet) &&
    Array.isArray(value.fleet.cidrOverlaps)
  );
}

/** What the page shows when the report could not be read; a 404 means this server has no hygiene report. */
export function hygieneError(failed: Extract<Fetched<FleetHygiene>, { ok: false }>): string {
  if (failed.status === 404)
    return 'This fleetscope server has no hygiene report (GET /api/reports/hygiene answered 404 Not Found): it is older than the hygiene report, or the route is not enabled. Upgrade the server to see it.';
  return `The hygiene report could not be read: ${failed.message}`;
}
