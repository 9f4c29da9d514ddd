import type { FleetSkew } from '../../../shared/reports/skew';
import { countsText, type Table } from './table';

/** The skew report as tables: findings (the CSV), per-cluster versions and EOL, upgrade blockers, fleet view, image drift, missing inputs. */
export function skewTables(report: FleetSkew): Table[] {
  const findings: Table = {
    title: 'Findings',
    columns: ['cluster', 'severity', 'rule', 'component', 'subject', 'version', 'message', 'policy'],
    rows: report.clusters.flatMap((c) => c.findings.map((f) => [c.cluster, f.severity, f.rule, f.component, f.subject, f.version, f.message, f.policy])),
  };
  const versions: Table = {
    title: 'Versions',
    columns: ['cluster', 'kube_apiserver', 'kubelets', 'kube_proxies', 'runtimes', 'end_of_life', 'days_left', 'eol_state', 'next_minor', 'upgrade_ready'],
    rows: report.clusters.map((c) => [
      c.cluster,
      c.apiServer.versions.join(', ') || null,
      countsText(c.nodes.kubelet) || null,
      countsText(c.nodes.kubeProxy) || null,
      countsText(c.nodes.containerRuntime) || null,
      c.eol?.endOfLife ?? null,
      c.eol?.daysLeft ?? null,
      c.eol?.state ?? null,
      c.upgrade?.target ?? null,
      c.upgrade
        ? c.upgrade.ready
          ? 'yes'
          : `no: ${[c.upgrade.blockers.length ? `${c.upgrade.blockers.length} to upgrade first` : '', c.upgrade.breaks ?? ''].filter(Boolean).join('; ')}`
        : null,
    ]),
  };
  const blockers: Table = {
    title: 'Upgrade first',
    columns: ['cluster', 'to_go_to', 'component', 'subject', 'version', 'needs_at_least'],
    rows: report.clusters.flatMap((c) =>
      (c.upgrade?.blockers ?? []).map((b) => [c.cluster, c.upgrade?.target ?? null, b.component, b.subject, b.version, b.needsAtLeast]),
    ),
  };
  const fleet: Table = {
    title: 'Fleet minors',
    columns: ['minor', 'clusters', 'minors_behind_newest'],
    rows: report.fleet.minors.map((m) => [m.minor, m.clusters.join(', '), report.fleet.behind.find((b) => b.minor === m.minor)?.minorsBehind ?? 0]),
  };
  const drift: Table = {
    title: 'Image drift',
    columns: ['namespace', 'workload', 'workload_basis', 'container', 'images'],
    rows: report.fleet.imageDrift.map((d) => [
      d.namespace,
      d.workload,
      d.workloadBasis ?? null,
      d.container,
      d.images.map((i) => `${i.image} (${i.clusters.join(', ')})`).join('; '),
    ]),
  };
  const missing: Table = {
    title: 'Missing inputs',
    columns: ['cluster', 'input', 'effect'],
    rows: report.clusters.flatMap((c) => c.missing.map((m) => [c.cluster, m.input, m.effect])),
  };
  return [findings, versions, blockers, fleet, drift, missing];
}

export function skewIntro(report: FleetSkew): string {
  return `Generated ${new Date(report.generatedAt).toISOString()} for ${report.clusters.length} clusters, against the Kubernetes version-skew policy (https://kubernetes.io/releases/version-skew-policy/). Newest minor in the fleet: ${report.fleet.newestMinor ?? 'unknown'}.`;
}
