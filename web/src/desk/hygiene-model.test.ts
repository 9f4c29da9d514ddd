import { describe, expect, it } from 'vitest';
import { HYGIENE_CHECKS, type ClusterHygiene, type FleetHygiene, type HygieneCheck } from '../../../shared/reports/hygiene';
import { hygieneError, hygieneFindings, hygieneMatrix, isFleetHygiene, overlapRows, statusMark } from './hygiene-model';

const ok = (check: HygieneCheck['check'], summary = 'fine'): HygieneCheck => ({ check, status: 'ok', summary });

function cluster(name: string, changes: Partial<Record<HygieneCheck['check'], HygieneCheck>>, findings: ClusterHygiene['findings'] = []): ClusterHygiene {
  return { cluster: name, labels: {}, checks: HYGIENE_CHECKS.map((c) => changes[c] ?? ok(c)), findings, missing: [] };
}

const REPORT: FleetHygiene = {
  generatedAt: Date.parse('2026-12-07T12:00:00Z'),
  clusters: [
    cluster(
      'legacy-batch',
      {
        velero: { check: 'velero', status: 'critical', summary: '2 schedules, 2 stale' },
        flux: { check: 'flux', status: 'missing', summary: 'Flux not seen', hint: 'add {__name__=~"gotk_.+"} to match[]' },
      },
      [
        {
          check: 'velero',
          rule: 'velero_backup_stale',
          severity: 'warning',
          subject: 'hourly-etcd',
          message: 'backup schedule hourly-etcd last succeeded 4 days ago',
        },
        {
          check: 'velero',
          rule: 'velero_backup_stale',
          severity: 'critical',
          subject: 'daily',
          message: 'backup schedule daily last succeeded 4 days ago (at most 1 day allowed)',
          value: 4,
        },
      ],
    ),
    cluster('prod-us', { argocd: { check: 'argocd', status: 'warning', summary: '5 applications, 1 OutOfSync' } }, [
      { check: 'argocd', rule: 'argocd_out_of_sync', severity: 'warning', subject: 'checkout', namespace: 'argocd', message: 'checkout is OutOfSync' },
    ]),
    // A server older than a check leaves it out: shown as not seen, never as fine.
    { cluster: 'dev', labels: {}, checks: [ok('velero')], findings: [], missing: [] },
  ],
  fleet: {
    cidrOverlaps: [
      {
        group: 'all',
        a: { cluster: 'staging-eu', kind: 'pod', cidr: '10.30.0.0/24', node: 'staging-eu-node-000' },
        b: { cluster: 'dev', kind: 'pod', cidr: '10.30.0.0/16' },
        overlap: '10.30.0.0/24',
      },
    ],
    checks: [],
    findings: { critical: 1, warning: 2, info: 0 },
  },
};

describe('hygieneMatrix', () => {
  it('gives each cluster one cell per check, a missing input as "not seen" with its hint', () => {
    const [legacy, prodUs, dev] = hygieneMatrix(REPORT);
    expect(legacy?.cells.velero).toEqual({ status: 'critical', text: '2 schedules, 2 stale', hint: null });
    expect(legacy?.cells.flux).toEqual({ status: 'missing', text: 'not seen', hint: 'add {__name__=~"gotk_.+"} to match[]' });
    expect(legacy?.worst).toBe('critical');
    expect(prodUs?.cells.argocd).toMatchObject({ status: 'warning', text: '5 applications, 1 OutOfSync' });
    expect(prodUs?.worst).toBe('warning');
    expect(dev?.cells.velero.status).toBe('ok');
    expect(dev?.cells.etcd).toEqual({ status: 'missing', text: 'not seen', hint: 'not reported by this server' });
    expect(dev?.worst).toBe('missing');
    expect(Object.keys(legacy!.cells)).toEqual([...HYGIENE_CHECKS]);
  });

  it('marks every status so it reads without colour', () => {
    expect(['critical', 'warning', 'missing', 'ok'].map((s) => statusMark(s as never))).toEqual(['✖', '▲', '?', '✓']);
  });
});

describe('hygieneFindings', () => {
  it('lists every finding, the most severe first, with check and subject for people', () => {
    expect(hygieneFindings(REPORT)).toEqual([
      {
        cluster: 'legacy-batch',
        severity: 'critical',
        check: 'Velero',
        subject: 'daily',
        message: 'backup schedule daily last succeeded 4 days ago (at most 1 day allowed)',
      },
      {
        cluster: 'legacy-batch',
        severity: 'warning',
        check: 'Velero',
        subject: 'hourly-etcd',
        message: 'backup schedule hourly-etcd last succeeded 4 days ago',
      },
      { cluster: 'prod-us', severity: 'warning', check: 'Argo CD', subject: 'argocd/checkout', message: 'checkout is OutOfSync' },
    ]);
  });
});

describe('overlapRows', () => {
  it('gives both ranges and the exact overlap', () => {
    expect(overlapRows(REPORT)).toEqual([
      { group: 'all', a: 'staging-eu: 10.30.0.0/24 (pod, staging-eu-node-000)', b: 'dev: 10.30.0.0/16 (pod)', overlap: '10.30.0.0/24' },
    ]);
  });
});

describe('reading the report', () => {
  it('accepts a FleetHygiene and refuses other shapes', () => {
    expect(isFleetHygiene(REPORT)).toBe(true);
    expect(isFleetHygiene({ clusters: [] })).toBe(false);
    expect(isFleetHygiene({ error: 'not found' })).toBe(false);
  });

  it('says plainly when the server has no hygiene route (404), and names other failures', () => {
    expect(hygieneError({ ok: false, status: 404, message: 'GET /api/reports/hygiene?format=json: HTTP 404: not found' })).toMatch(
      /^This fleetscope server has no hygiene report \(GET \/api\/reports\/hygiene answered 404 Not Found\)/,
    );
    expect(hygieneError({ ok: false, status: 503, message: 'GET /api/reports/hygiene?format=json: HTTP 503' })).toBe(
      'The hygiene report could not be read: GET /api/reports/hygiene?format=json: HTTP 503',
    );
  });
});
