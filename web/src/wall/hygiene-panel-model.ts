import type { Severity } from '../../../shared/health';
import { HYGIENE_CHECK_LABELS, HYGIENE_CHECKS, type FleetHygiene, type HygieneCheckId } from '../../../shared/reports/hygiene';

export interface HygieneCheckCount {
  check: HygieneCheckId;
  label: string;
  critical: number;
  warning: number;
  ok: number;
  missing: number;
}

export interface HygienePanelModel {
  /** Checks with a finding among the selected clusters, the worst first: clusters per status. */
  failing: HygieneCheckCount[];
  /** Checks seen on some selected cluster and fine on every one that has them. */
  fine: string[];
  /** Checks not seen on some selected clusters, with how many: never counted as fine. */
  notSeen: Array<{ label: string; clusters: number }>;
  /** The findings that matter most, critical first, one line each. */
  worst: Array<{ cluster: string; severity: Severity; text: string }>;
  /** Findings left out of `worst` for room. */
  more: number;
  /** Pod or service ranges of the selected clusters overlapping another cluster's. */
  overlaps: number;
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The wall's hygiene panel over the selected clusters: counts per check, then the most severe findings. */
export function hygienePanel(report: FleetHygiene, selected: (cluster: string) => boolean, max = 4): HygienePanelModel {
  const clusters = report.clusters.filter((c) => selected(c.cluster));
  const counts = HYGIENE_CHECKS.map((check): HygieneCheckCount => {
    const count: HygieneCheckCount = { check, label: HYGIENE_CHECK_LABELS[check], critical: 0, warning: 0, ok: 0, missing: 0 };
    for (const c of clusters) count[c.checks.find((k) => k.check === check)?.status ?? 'missing']++;
    return count;
  });
  const failing = counts.filter((c) => c.critical + c.warning > 0).sort((a, b) => b.critical - a.critical || b.warning - a.warning);
  const fine = counts.filter((c) => c.critical + c.warning === 0 && c.ok > 0).map((c) => c.label);
  const notSeen = counts.filter((c) => c.missing > 0).map((c) => ({ label: c.label, clusters: c.missing }));
  const all = clusters
    .flatMap((c) => c.findings.filter((f) => f.severity !== 'info').map((f) => ({ cluster: c.cluster, severity: f.severity, text: f.message })))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const overlaps = report.fleet.cidrOverlaps.filter((o) => selected(o.a.cluster) || selected(o.b.cluster)).length;
  return { failing, fine, notSeen, worst: all.slice(0, max), more: Math.max(0, all.length - max), overlaps };
}
