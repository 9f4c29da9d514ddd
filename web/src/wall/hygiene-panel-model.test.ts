import { describe, expect, it } from 'vitest';
import { HYGIENE_CHECKS, type ClusterHygiene, type FleetHygiene, type HygieneCheck } from '../../../shared/reports/hygiene';
import { hygienePanel } from './hygiene-panel-model';

function cluster(
  name: string,
  statuses: Partial<Record<HygieneCheck['check'], HygieneCheck['status']>>,
  findings: ClusterHygiene['findings'] = [],
): ClusterHygiene {
  return {
    cluster: name,
    labels: {},
    checks: HYGIENE_CHECKS.map((check) => ({ check, status: statuses[check] ?? 'ok', summary: '' })),
    findings,
    missing: [],
  };
}

const finding = (severity: 'critical' | 'warning' | 'info', message: string) => ({ check: 'velero' as const, rule: 'r', severity, subject: 's', message });

const REPORT: FleetHygiene = {
  generatedAt: 0,
  clusters: [
    cluster('prod-us', { argocd: 'warning', istio: 'missing' }, [finding('warning', 'checkout is OutOfSync'), finding('info', 'an info line')]),
    cluster('legacy-batch', { velero: 'critical', istio: 'missing', flux: 'missing' }, [finding('critical', 'daily last succeeded 4 days ago')]),
    cluster('dev', { velero: 'missing', cidr: 'critical', istio: 'missing', flux: 'missing' }, [
      finding('critical', 'pod range 10.30.0.0/16 overlaps staging-eu'),
      finding('warning', 'w2'),
      finding('warning', 'w3'),
      finding('warning', 'w4'),
    ]),
  ],
  fleet: {
    cidrOverlaps: [
      {
        group: 'all',
        a: { cluster: 'staging-eu', kind: 'pod', cidr: '10.30.0.0/24' },
        b: { cluster: 'dev', kind: 'pod', cidr: '10.30.0.0/16' },
        overlap: '10.30.0.0/24',
      },
    ],
    checks: [],
    findings: { critical: 2, warning: 4, info: 1 },
  },
};

describe('hygienePanel', () => {
  it('counts clusters per check, the worst checks first; fine and not seen kept apart', () => {
    const model = hygienePanel(REPORT, () => true);
    expect(model.failing.map((c) => [c.label, c.critical, c.warning])).toEqual([
      ['Velero', 1, 0],
      ['CIDRs', 1, 0],
      ['Argo CD', 0, 1],
    ]);
    expect(model.fine).toEqual(['Flux', 'cert-manager', 'etcd', 'Cilium', 'Gatekeeper', 'Deprecated APIs']);
    // Velero is not seen on dev: listed as not seen there even though it fails elsewhere; Istio nowhere seen is never "fine".
    expect(model.notSeen).toEqual([
      { label: 'Velero', clusters: 1 },
      { label: 'Flux', clusters: 2 },
      { label: 'Istio', clusters: 3 },
    ]);
    expect(model.overlaps).toBe(1);
  });

  it('shows the most severe findings first, info left out, the rest counted', () => {
    const model = hygienePanel(REPORT, () => true, 3);
    expect(model.worst.map((f) => [f.cluster, f.severity])).toEqual([
      ['legacy-batch', 'critical'],
      ['dev', 'critical'],
      ['prod-us', 'warning'],
    ]);
    expect(model.more).toBe(3);
  });

  it('reads only the selected clusters', () => {
    const model = hygienePanel(REPORT, (c) => c === 'prod-us');
    expect(model.failing.map((c) => c.label)).toEqual(['Argo CD']);
    expect(model.worst).toEqual([{ cluster: 'prod-us', severity: 'warning', text: 'checkout is OutOfSync' }]);
    expect(model.overlaps).toBe(0);
    expect(model.notSeen).toEqual([{ label: 'Istio', clusters: 1 }]);
  });
});
