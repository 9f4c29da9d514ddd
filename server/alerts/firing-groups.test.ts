import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../shared/alerts';
import { firingGroups } from './firing-groups';
import { buildRoute } from './route';

const alert = (fingerprint: string, labels: Record<string, string>, patch: Partial<AlertView> = {}): AlertView => ({
  fingerprint,
  labels,
  annotations: { summary: `${labels.alertname} on ${labels.cluster}` },
  state: 'firing',
  origin: 'rule',
  startsAt: Number(fingerprint.slice(1)),
  endsAt: null,
  silencedBy: [],
  ...patch,
});

describe('firingGroups', () => {
  const alerts = [
    alert('a1', { alertname: 'NodeNotReady', cluster: 'prod-us', severity: 'warning' }),
    alert('a2', { alertname: 'ClusterUnreachable', cluster: 'dev', severity: 'critical' }),
    alert('a3', { alertname: 'KubernetesReleaseEOL', cluster: 'prod-us', severity: 'critical' }),
    alert('a4', { alertname: 'Muted', cluster: 'prod-us', severity: 'critical' }, { silencedBy: ['s1'] }),
    alert('a5', { alertname: 'Later', cluster: 'prod-us', severity: 'warning' }, { state: 'pending' }),
    alert('a6', { alertname: 'Gone', cluster: 'dev', severity: 'warning' }, { state: 'resolved', endsAt: 9 }),
  ];

  it('groups firing, unsilenced alerts by cluster without receivers, worst group and worst alert first', () => {
    const result = firingGroups({ alerts, route: null, now: 100 });
    expect(result.generatedAt).toBe(100);
    expect(result.groups.map((g) => [g.labels, g.alerts.map((a) => `${a.severity} ${a.alertname}`)])).toEqual([
      [{ cluster: 'prod-us' }, ['critical KubernetesReleaseEOL', 'warning NodeNotReady']],
      [{ cluster: 'dev' }, ['critical ClusterUnreachable']],
    ]);
    expect(result.groups[0]?.alerts[0]).toEqual({
      fingerprint: 'a3',
      alertname: 'KubernetesReleaseEOL',
      cluster: 'prod-us',
      severity: 'critical',
      summary: 'KubernetesReleaseEOL on prod-us',
      startsAt: 3,
    });
  });

  it('follows the routing tree: the first matching route and its group_by', () => {
    const route = buildRoute({
      receiver: 'chat',
      group_by: ['cluster'],
      matchers: [],
      continue: false,
      routes: [
        {
          receiver: 'oncall',
          group_by: ['severity'],
          matchers: [{ name: 'severity', value: 'critical', isRegex: false, isEqual: true }],
          continue: false,
          routes: [],
        },
      ],
    });
    const result = firingGroups({ alerts, route, now: 0 });
    expect(result.groups.map((g) => [g.receiver, g.labels, g.alerts.map((a) => a.fingerprint)])).toEqual([
      ['oncall', { severity: 'critical' }, ['a2', 'a3']],
      ['chat', { cluster: 'prod-us' }, ['a1']],
    ]);
  });
});
