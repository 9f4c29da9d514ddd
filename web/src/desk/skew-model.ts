import type { Severity } from '../../../shared/health';
import type { FleetSkew, SkewComponent } from '../../../shared/reports/skew';

export const MATRIX_COLUMNS = ['kube-apiserver', 'kubelet', 'kube-proxy', 'kube-controller-manager', 'kube-scheduler', 'container runtime'] as const;
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number];

export interface MatrixCell {
  /** "v1.30.6", or "v1.30.6 ×10, v1.23.17 ×1" when several versions run. */
  text: string;
  /** The worst finding about this component in this cluster, if any. */
  severity: Severity | null;
  findings: string[];
}

export interface MatrixRow {
  cluster: string;
  cells: Record<MatrixColumn, MatrixCell>;
  eol: { text: string; state: string };
  findings: number;
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function counted(versions: Record<string, number>): string {
  const entries = Object.entries(versions).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '—';
  if (entries.length === 1) return entries[0]?.[0] ?? '—';
  return entries.map(([v, n]) => `${v} ×${n}`).join(', ');
}

/** The cluster × component version matrix, findings attached to the cell they are about. */
export function skewMatrix(skew: FleetSkew): MatrixRow[] {
  return skew.clusters.map((c) => {
    const cell = (text: string, component: SkewComponent | null): MatrixCell => {
      const findings = component ? c.findings.filter((f) => f.component === component) : [];
      const worst = findings.reduce<Severity | null>((w, f) => (w === null || RANK[f.severity] < RANK[w] ? f.severity : w), null);
      return { text, severity: worst, findings: findings.map((f) => f.message) };
    };
    const cells: Record<MatrixColumn, MatrixCell> = {
      'kube-apiserver': cell(c.apiServer.versions.join(', ') || '—', 'kube-apiserver'),
      kubelet: cell(counted(c.nodes.kubelet), 'kubelet'),
      'kube-proxy': cell(counted(c.nodes.kubeProxy), 'kube-proxy'),
      'kube-controller-manager': cell((c.controlPlane['kube-controller-manager'] ?? []).join(', ') || '—', 'kube-controller-manager'),
      'kube-scheduler': cell((c.controlPlane['kube-scheduler'] ?? []).join(', ') || '—', 'kube-scheduler'),
      'container runtime': cell(counted(c.nodes.containerRuntime), null),
    };
    const e = c.eol;
    const eol = !e
      ? { text: 'unknown', state: 'unknown' }
      : {
          state: e.state,
          text:
            e.state === 'past_eol'
              ? `${e.minor}: past end of life (${e.endOfLife})`
              : e.state === 'eol_soon'
                ? `${e.minor}: ends in ${e.daysLeft} days`
                : e.state === 'supported'
                  ? `${e.minor}: supported until ${e.endOfLife}`
                  : `${e.minor}: not in the release table`,
        };
    return { cluster: c.cluster, cells, eol, findings: c.findings.length };
  });
}
