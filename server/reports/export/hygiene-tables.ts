import type { FleetHygiene } from '../../../shared/reports/hygiene';
import { fixed, type Table } from './table';

/** The hygiene report as tables: findings (the CSV), the checks per cluster, CIDR overlaps, checks across the fleet, missing inputs. */
export function hygieneTables(report: FleetHygiene): Table[] {
  const findings: Table = {
    title: 'Findings',
    columns: ['cluster', 'severity', 'check', 'rule', 'subject', 'namespace', 'value', 'message'],
    rows: report.clusters.flatMap((c) =>
      c.findings.map((f) => [c.cluster, f.severity, f.check, f.rule, f.subject, f.namespace ?? null, fixed(f.value, 2), f.message]),
    ),
  };
  const checks: Table = {
    title: 'Checks',
    columns: ['cluster', 'check', 'status', 'summary', 'hint'],
    rows: report.clusters.flatMap((c) => c.checks.map((k) => [c.cluster, k.check, k.status, k.summary, k.hint ?? null])),
  };
  const overlaps: Table = {
    title: 'CIDR overlaps',
    columns: ['group', 'cluster_a', 'kind_a', 'cidr_a', 'node_a', 'cluster_b', 'kind_b', 'cidr_b', 'node_b', 'overlap'],
    rows: report.fleet.cidrOverlaps.map((o) => [
      o.group,
      o.a.cluster,
      o.a.kind,
      o.a.cidr,
      o.a.node ?? null,
      o.b.cluster,
      o.b.kind,
      o.b.cidr,
      o.b.node ?? null,
      o.overlap,
    ]),
  };
  const fleet: Table = {
    title: 'Fleet',
    columns: ['check', 'ok', 'warning', 'critical', 'missing'],
    rows: report.fleet.checks.map((k) => [k.check, k.ok, k.warning, k.critical, k.missing]),
  };
  const missing: Table = {
    title: 'Missing inputs',
    columns: ['cluster', 'input', 'effect'],
    rows: report.clusters.flatMap((c) => c.missing.map((m) => [c.cluster, m.input, m.effect])),
  };
  return [findings, checks, overlaps, fleet, missing];
}

export function hygieneIntro(report: FleetHygiene): string {
  const f = report.fleet.findings;
  return `Generated ${new Date(report.generatedAt).toISOString()} for ${report.clusters.length} clusters: ${f.critical} critical, ${f.warning} warning, ${f.info} info findings; ${report.fleet.cidrOverlaps.length} CIDR overlaps. A check marked missing was not made: its hint says which match[] selector to add.`;
}
