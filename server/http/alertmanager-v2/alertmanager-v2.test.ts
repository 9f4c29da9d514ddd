import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { SilenceView } from '../../../shared/alerts';
import type { EvaluatedAlerts, HeldAlert } from '../../alerts/engine';
import { fingerprint } from '../../alerts/labels';
import { buildRoute } from '../../alerts/route';
import { alertsConfig } from '../../config/schema/alerts';
import { alertGroups, gettableAlerts } from './alerts';
import { parseAlertQuery, parseFilter, type AlertQuery } from './query';
import { gettableSilences } from './silences';
import { alertmanagerConfig, alertmanagerDuration, alertmanagerStatus } from './status';

const T = Date.parse('2026-12-07T10:00:00Z');

const config = alertsConfig.parse({
  evaluationInterval: '15s',
  route: {
    receiver: 'team-chat',
    group_by: ['alertname', 'cluster'],
    group_interval: '1m30s',
    routes: [{ receiver: 'pager', matchers: ['severity="critical"'], group_by: ['cluster'], continue: true }],
  },
  receivers: [
    { name: 'team-chat', type: 'slack', url: 'http://127.0.0.1:1/a' },
    { name: 'pager', type: 'webhook', url: 'http://127.0.0.1:1/b' },
  ],
});
if (!config.route) throw new Error('route expected');
const route = buildRoute(config.route);

function held(labels: Record<string, string>, extra: Partial<HeldAlert> = {}): HeldAlert {
  return {
    fingerprint: fingerprint(labels),
    labels,
    annotations: { summary: `${labels.alertname}` },
    startsAt: T - 60_000,
    endsAt: null,
    generatorURL: 'http://fs/clusters/prod-eu',
    state: 'firing',
    activeSince: T - 60_000,
    forMs: 0,
    origin: 'rule',
    silencedBy: [],
    ...extra,
  };
}

const disk = held({ alertname: 'DiskFull', cluster: 'prod-eu', severity: 'warning' });
const down = held({ alertname: 'ClusterUnreachable', cluster: 'prod-eu', severity: 'critical' }, { generatorURL: '' });
const muted = held({ alertname: 'DiskFull', cluster: 'prod-us', severity: 'warning' }, { silencedBy: ['s1'] });
const pending = held({ alertname: 'NodeNotReady', cluster: 'prod-eu' }, { state: 'pending' });
const resolved = held({ alertname: 'Gone', cluster: 'prod-eu' }, { state: 'resolved', endsAt: T - 1000 });
const evaluated: EvaluatedAlerts = { at: T, evaluationIntervalMs: 15_000, alerts: [disk, down, muted, pending, resolved] };

function query(params: Record<string, unknown> = {}): AlertQuery {
  const parsed = parseAlertQuery(params);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('GET /api/v2/alerts', () => {
  it('lists firing alerts only, with the receivers their routes send them to, times as RFC 3339, endsAt four evaluations ahead', () => {
    const alerts = gettableAlerts({ evaluated, route }, query());
    expect(alerts.map((a) => a.labels.alertname).sort()).toEqual(['ClusterUnreachable', 'DiskFull', 'DiskFull']);
    expect(alerts.map((a) => a.fingerprint)).toEqual([...alerts.map((a) => a.fingerprint)].sort());
    expect(alerts.find((a) => a.fingerprint === down.fingerprint)).toEqual({
      labels: down.labels,
      annotations: { summary: 'ClusterUnreachable' },
      receivers: [{ name: 'pager' }],
      fingerprint: down.fingerprint,
      startsAt: '2026-12-07T09:59:00.000Z',
      updatedAt: '2026-12-07T10:00:00.000Z',
      endsAt: '2026-12-07T10:01:00.000Z',
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    });
    expect(alerts.find((a) => a.fingerprint === disk.fingerprint)).toMatchObject({
      generatorURL: 'http://fs/clusters/prod-eu',
      receivers: [{ name: 'team-chat' }],
    });
    expect(alerts.find((a) => a.fingerprint === muted.fingerprint)?.status).toEqual({ state: 'suppressed', silencedBy: ['s1'], inhibitedBy: [] });
  });

  it('keeps what the filter, the flags and the receiver regex ask for', () => {
    const names = (q: AlertQuery) => gettableAlerts({ evaluated, route }, q).map((a) => `${a.labels.alertname}/${a.labels.cluster}`);
    expect(names(query({ filter: ['alertname="DiskFull"', 'cluster=~"prod-.*"'] })).sort()).toEqual(['DiskFull/prod-eu', 'DiskFull/prod-us']);
    expect(names(query({ filter: '{cluster!="prod-eu"}' }))).toEqual(['DiskFull/prod-us']);
    expect(names(query({ silenced: 'false' })).sort()).toEqual(['ClusterUnreachable/prod-eu', 'DiskFull/prod-eu']);
    expect(names(query({ active: 'false' }))).toEqual(['DiskFull/prod-us']);
    expect(names(query({ receiver: 'pag.*' }))).toEqual(['ClusterUnreachable/prod-eu']);
    expect(names(query({ filter: 'alertname=~"(?i)diskfull"', silenced: 'f' })).sort()).toEqual(['DiskFull/prod-eu']);
  });

  it('refuses a matcher, a flag or a receiver regex it cannot read, saying which', () => {
    expect(parseAlertQuery({ filter: 'foo' })).toEqual({ ok: false, message: expect.stringMatching(/^bad matcher format: not a matcher: "foo"/) });
    expect(parseAlertQuery({ active: 'maybe' })).toEqual({ ok: false, message: 'active: must be true or false, not "maybe"' });
    expect(parseAlertQuery({ receiver: '(' })).toEqual({ ok: false, message: expect.stringMatching(/^failed to parse receiver param: /) });
    expect(parseFilter(['a=~"(?=x)"'])).toEqual({ ok: false, message: expect.stringContaining('not a valid regular expression (RE2 syntax)') });
  });
});

describe('GET /api/v2/alerts/groups', () => {
  it('groups as the dispatcher does: one group per route and value of its group_by labels', () => {
    const groups = alertGroups({ evaluated, route }, query());
    expect(groups.map((g) => [g.receiver.name, g.labels, g.alerts.map((a) => a.labels.alertname)])).toEqual([
      ['pager', { cluster: 'prod-eu' }, ['ClusterUnreachable']],
      ['team-chat', { alertname: 'DiskFull', cluster: 'prod-eu' }, ['DiskFull']],
      ['team-chat', { alertname: 'DiskFull', cluster: 'prod-us' }, ['DiskFull']],
    ]);
    expect(alertGroups({ evaluated, route }, query({ receiver: 'pager' })).map((g) => g.receiver.name)).toEqual(['pager']);
    // Alertmanager's order is by the labels first, then the receiver.
    const byCluster = alertsConfig.parse({
      route: { receiver: 'alpha', group_by: ['cluster'], routes: [{ receiver: 'zulu', matchers: ['severity="critical"'], group_by: ['cluster'] }] },
      receivers: [
        { name: 'alpha', type: 'slack', url: 'http://127.0.0.1:1/a' },
        { name: 'zulu', type: 'webhook', url: 'http://127.0.0.1:1/b' },
      ],
    }).route;
    if (!byCluster) throw new Error('route expected');
    const ordered = alertGroups({ evaluated, route: buildRoute(byCluster) }, query());
    expect(ordered.map((g) => [g.receiver.name, g.labels.cluster])).toEqual([
      ['alpha', 'prod-eu'],
      ['zulu', 'prod-eu'],
      ['alpha', 'prod-us'],
    ]);
    expect(alertGroups({ evaluated, route: null }, query())).toEqual([]);
  });
});

describe('GET /api/v2/silences', () => {
  const view = (id: string, status: SilenceView['status'], startsAt: string, endsAt: string, extra: Partial<SilenceView> = {}): SilenceView => ({
    id,
    matchers: [{ name: 'cluster', value: 'prod-eu', isRegex: false, isEqual: true }],
    startsAt,
    endsAt,
    createdBy: 'otto',
    comment: 'upgrade',
    updatedAt: startsAt,
    status,
    ...extra,
  });
  const views = [
    view('expired-early', 'expired', '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z'),
    view('active-late', 'active', '2026-12-07T09:00:00.000Z', '2026-12-07T14:00:00.000Z'),
    view('pending', 'pending', '2026-12-08T00:00:00.000Z', '2026-12-09T00:00:00.000Z'),
    view('active-soon', 'active', '2026-12-07T09:00:00.000Z', '2026-12-07T11:00:00.000Z', {
      matchers: [{ name: 'alertname', value: 'Disk.*', isRegex: true, isEqual: true }],
    }),
    view('expired-late', 'expired', '2026-12-01T00:00:00.000Z', '2026-12-06T00:00:00.000Z'),
    view('skipped', 'active', '2026-12-07T09:00:00.000Z', '2026-12-07T12:00:00.000Z', { problem: 'matchers[0]: not RE2' }),
  ];

  it("answers Alertmanager's shape in its order (active ending first, pending starting first, expired ended last), without skipped ones", () => {
    const silences = gettableSilences(views, []);
    expect(silences.map((s) => s.id)).toEqual(['active-soon', 'active-late', 'pending', 'expired-late', 'expired-early']);
    expect(silences[1]).toEqual({
      id: 'active-late',
      status: { state: 'active' },
      updatedAt: '2026-12-07T09:00:00.000Z',
      matchers: [{ name: 'cluster', value: 'prod-eu', isRegex: false, isEqual: true }],
      startsAt: '2026-12-07T09:00:00.000Z',
      endsAt: '2026-12-07T14:00:00.000Z',
      createdBy: 'otto',
      comment: 'upgrade',
    });
  });

  it('filters as Alertmanager does: by matchers the silence has, not by what it mutes', () => {
    const filter = (text: string) => {
      const parsed = parseFilter([text]);
      if (!parsed.ok) throw new Error(parsed.message);
      return gettableSilences(views, parsed.value).map((s) => s.id);
    };
    expect(filter('alertname=~"Disk.*"')).toEqual(['active-soon']);
    expect(filter('alertname="DiskFull"')).toEqual([]);
    expect(filter('cluster="prod-eu"')).toEqual(['active-late', 'pending', 'expired-late', 'expired-early']);
  });
});

describe('GET /api/v2/status', () => {
  it('writes durations as Alertmanager reads them', () => {
    expect([0, 500, 15_000, 90_000, 4 * 3_600_000, 86_400_000 + 1500].map(alertmanagerDuration)).toEqual(['0s', '500ms', '15s', '1m30s', '4h', '1d1s500ms']);
  });

  it("writes fleetscope's routing tree as an Alertmanager configuration, the inherited settings written out", () => {
    expect(parse(alertmanagerConfig(route, ['team-chat', 'pager']))).toEqual({
      route: {
        receiver: 'team-chat',
        group_by: ['alertname', 'cluster'],
        group_wait: '30s',
        group_interval: '1m30s',
        repeat_interval: '4h',
        routes: [
          {
            receiver: 'pager',
            group_by: ['cluster'],
            matchers: ['severity="critical"'],
            continue: true,
            group_wait: '30s',
            group_interval: '1m30s',
            repeat_interval: '4h',
          },
        ],
      },
      receivers: [{ name: 'team-chat' }, { name: 'pager' }],
    });
    expect(alertmanagerConfig(null, [])).toBe('');
  });

  it('says the cluster is disabled and the version is fleetscope’s', () => {
    const status = alertmanagerStatus({
      route,
      receivers: ['team-chat'],
      build: { version: '0.1.0', revision: '0123abcd', branch: 'main', nodeVersion: 'v20.11.0' },
      startedAt: T,
    });
    expect(status).toMatchObject({
      cluster: { status: 'disabled', peers: [] },
      versionInfo: { version: '0.1.0', revision: '0123abcd', branch: 'main', buildUser: '', buildDate: '', goVersion: 'node v20.11.0' },
      uptime: '2026-12-07T10:00:00.000Z',
    });
  });
});
