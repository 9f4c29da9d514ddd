import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../shared/events';
import type { Severity } from '../../../shared/health';
import type { ClusterSkew, FleetSkew, SkewRule } from '../../../shared/reports/skew';
import { alertsPanel, healthPanel, skewPanel, warningEvents } from './panel-models';
import type { TileModel } from './tile-model';

const tile = (name: string, status: TileModel['status'], reasons: string[] = []): TileModel => ({
  name,
  labels: [],
  status,
  icon: '',
  word: status,
  reasons,
  age: null,
  facts: '',
  spark: [],
  sparkLabel: 'warnings/min',
  alerts: [],
  version: null,
  badge: null,
  cost: null,
  since: null,
  strip: [],
});

describe('healthPanel', () => {
  it('counts by status, worst first, and lists the problems with every reason', () => {
    const model = healthPanel([
      tile('a', 'healthy'),
      tile('b', 'degraded', ['1 of 3 nodes NotReady', '2 pods CrashLoopBackOff']),
      tile('c', 'stale', ['data 4 m old']),
      tile('d', 'healthy'),
      tile('e', 'critical', ['x']),
    ]);
    expect(model.counts).toEqual([
      { status: 'critical', count: 1 },
      { status: 'stale', count: 1 },
      { status: 'degraded', count: 1 },
      { status: 'healthy', count: 2 },
    ]);
    expect(model.problems.map((p) => `${p.name}: ${p.reasons.join('; ')}`)).toEqual([
      'e: x',
      'c: data 4 m old',
      'b: 1 of 3 nodes NotReady; 2 pods CrashLoopBackOff',
    ]);
  });
});

describe('warningEvents', () => {
  it('shows only warnings of the selected clusters, newest first, with their age', () => {
    const base = { namespace: 'ns', involvedObject: { kind: 'Pod', name: 'p' }, reason: 'BackOff', message: 'm', count: 1, firstSeen: 0 };
    const events: FleetEvent[] = [
      { ...base, id: '1', cluster: 'a', type: 'Warning', lastSeen: 1000 },
      { ...base, id: '2', cluster: 'a', type: 'Normal', lastSeen: 2000 },
      { ...base, id: '3', cluster: 'b', type: 'Warning', lastSeen: 3000 },
      { ...base, id: '4', cluster: 'c', type: 'Warning', lastSeen: 4000, count: 5 },
    ];
    const lines = warningEvents(events, 64_000, (c) => c !== 'b');
    expect(lines.map((l) => [l.id, l.age, l.count, l.object])).toEqual([
      ['4', '1 m ago', 5, 'Pod/p'],
      ['1', '1 m ago', 1, 'Pod/p'],
    ]);
  });
});

describe('costPanel', () => {
  it('leads with node cost per month, says how much of it is allocated, and ranks clusters by node cost', async () => {
    const { costPanel } = await import('./panel-models');
    const split = (total: number) => ({ cpu: total, memory: 0, gpu: 0, storage: 0, total });
    const cluster = (name: string, assets: number | null, idle: number) => ({
      cluster: name,
      labels: {},
      currency: 'USD',
      profile: 'default',
      assets: assets === null ? null : { hourly: split(assets), nodes: 1, daily: assets * 24, monthly: assets * 730 },
      allocated: null,
      idle: split(idle),
      namespaces: [],
      workloads: [],
      basis: { cpu: 'requests' as const, memory: 'requests' as const },
      missing: [],
    });
    const model = costPanel(
      {
        generatedAt: 0,
        clusters: [cluster('small', 1, 0.5), cluster('big', 4, 1), cluster('unknown', null, 0), cluster('hidden', 10, 0)],
        fleet: [
          {
            currency: 'USD',
            clusters: 3,
            incomplete: ['unknown'],
            assets: split(5),
            allocated: split(2),
            idle: split(3),
            daily: 48,
            monthly: 1460,
            efficiency: 0.5,
          },
        ],
      },
      (name) => name !== 'hidden',
    );
    expect(model.totals).toEqual([{ currency: 'USD', monthly: '$3,650', allocatedShare: '40 %', idleMonthly: '$2,190', efficiency: '50 %' }]);
    expect(model.top.map((t) => [t.cluster, t.monthly, t.share, t.idleShare])).toEqual([
      ['big', '$2,920', 1, 0.25],
      ['small', '$730', 0.25, 0.5],
      ['unknown', 'node cost unknown', 0, 0],
    ]);
  });
});

describe('skewPanel', () => {
  const finding = (rule: SkewRule, severity: Severity, message: string) => ({
    rule,
    severity,
    component: 'kubelet' as const,
    subject: 's',
    version: 'v',
    message,
    policy: '',
  });
  const cluster = (name: string, versions: string[], findings: ReturnType<typeof finding>[], eol: ClusterSkew['eol']): ClusterSkew => ({
    cluster: name,
    labels: {},
    apiServer: { versions, source: versions.length > 0 ? 'kubernetes-api' : null },
    nodes: { source: null, total: 0, kubelet: {}, kubeProxy: {}, containerRuntime: {}, osImage: {} },
    controlPlane: {},
    findings,
    eol,
    upgrade: null,
    missing: [],
  });
  const fleet = (clusters: ClusterSkew[]): FleetSkew => ({ generatedAt: 0, clusters, fleet: { minors: [], newestMinor: null, behind: [], imageDrift: [] } });

  it('says the version is unknown instead of counting zero findings', () => {
    const model = skewPanel(fleet([cluster('blind', [], [], null)]), () => true);
    expect(model).toMatchObject({ known: false, unknown: ['blind'], worst: [], eol: [] });
  });

  it('lists each end of life once, and every other finding whole', () => {
    const kubelet = 'kubelet v1.31.2 on node-7 is 4 minors older than kube-apiserver 1.35 (at most 3 allowed)';
    const model = skewPanel(
      fleet([
        cluster('legacy', ['v1.27.16'], [finding('eol_past', 'critical', '1.27 is past its end of life'), finding('kubelet_too_old', 'warning', kubelet)], {
          minor: '1.27',
          endOfLife: '2024-06-28',
          daysLeft: -800,
          state: 'past_eol',
        }),
        cluster('blind', [], [], null),
      ]),
      () => true,
    );
    expect(model.eol).toEqual([{ cluster: 'legacy', text: '1.27 past end of life since 2024-06-28', severity: 'critical' }]);
    expect(model.worst).toEqual([{ cluster: 'legacy', severity: 'warning', message: kubelet }]);
    expect(model).toMatchObject({ known: true, unknown: ['blind'], findings: { critical: 1, warning: 1, info: 0 } });
  });
});

describe('alertsPanel', () => {
  it('keeps the chat groups of the selected clusters, counts per severity, and says since when each fires', () => {
    const a = (fingerprint: string, cluster: string | null, severity: string, alertname: string) => ({
      fingerprint,
      alertname,
      cluster,
      severity,
      summary: `${alertname} summary`,
      startsAt: 0,
    });
    const model = alertsPanel(
      {
        generatedAt: 0,
        groups: [
          {
            receiver: 'chat',
            labels: { cluster: 'prod-us' },
            alerts: [a('1', 'prod-us', 'critical', 'KubeNodeNotReady'), a('2', 'prod-us', 'warning', 'PodCrashLooping')],
          },
          { receiver: 'chat', labels: { cluster: 'hidden' }, alerts: [a('3', 'hidden', 'critical', 'X')] },
          { receiver: 'chat', labels: { alertname: 'Fleet' }, alerts: [a('4', null, 'warning', 'Fleet'), a('5', 'dev', 'warning', 'Fleet')] },
        ],
      },
      180_000,
      (c) => c !== 'hidden',
    );
    expect(model.counts).toEqual([
      { severity: 'critical', count: 1 },
      { severity: 'warning', count: 3 },
    ]);
    expect(model.groups.map((g) => [g.title, g.alerts.map((x) => `${x.severity} ${x.text} ${x.since}`)])).toEqual([
      ['prod-us', ['critical KubeNodeNotReady · KubeNodeNotReady summary since 3 m', 'warning PodCrashLooping · PodCrashLooping summary since 3 m']],
      ['Fleet', ['warning Fleet · Fleet summary since 3 m', 'warning Fleet · dev · Fleet summary since 3 m']],
    ]);
  });
});
