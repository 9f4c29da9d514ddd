import { describe, expect, it } from 'vitest';
import { alertsConfig } from '../config/schema/alerts';
import type { Alert, Silence } from '../store/records';
import { Dispatcher, type FlushContext } from './dispatch';
import { fingerprint } from './labels';
import { buildRoute } from './route';

const S = 1000;
const MIN = 60 * S;

function alert(labels: Record<string, string>, startsAt: number, endsAt: number | null = null): Alert {
  return { fingerprint: fingerprint(labels), labels, annotations: { summary: `${labels.alertname} in ${labels.cluster}` }, startsAt, endsAt, generatorURL: '' };
}

function setup(route: unknown, receivers: unknown[] = [{ name: 'chat', type: 'slack', url: 'http://127.0.0.1:1/x' }]) {
  const config = alertsConfig.parse({ route, receivers });
  if (!config.route) throw new Error('route expected');
  let id = 0;
  const options = new Map(config.receivers.map((r) => [r.name, { sendResolved: r.send_resolved, maxAlerts: r.max_alerts }]));
  const ctx = (now: number, silences: Silence[] = []): FlushContext => ({
    now,
    silences,
    receivers: options,
    externalURL: 'http://fs',
    newId: () => `n${++id}`,
  });
  return { dispatcher: new Dispatcher(buildRoute(config.route)), ctx };
}

const a1 = { alertname: 'NodeNotReady', cluster: 'prod-eu', node: 'n1', severity: 'warning' };
const a2 = { alertname: 'NodeNotReady', cluster: 'prod-eu', node: 'n2', severity: 'warning' };
const b1 = { alertname: 'NodeNotReady', cluster: 'prod-us', node: 'n1', severity: 'critical' };

describe('Dispatcher (Alertmanager grouping semantics)', () => {
  it('waits group_wait, sends one message per group, then only on change or after repeat_interval', () => {
    const { dispatcher, ctx } = setup({ receiver: 'chat', group_by: ['cluster'] });
    dispatcher.insert(alert(a1, 0), 0);
    dispatcher.insert(alert(b1, 0), 0);
    expect(dispatcher.flush(ctx(29 * S)).notifications).toEqual([]);
    const first = dispatcher.flush(ctx(30 * S)).notifications;
    expect(first.map((n) => [n.groupLabels.cluster, n.status, n.counts.firing])).toEqual([
      ['prod-eu', 'firing', 1],
      ['prod-us', 'firing', 1],
    ]);

    // A second alert joins prod-eu: nothing before group_interval, then one message with both.
    dispatcher.insert(alert(a2, MIN), MIN);
    expect(dispatcher.flush(ctx(MIN)).notifications).toEqual([]);
    const second = dispatcher.flush(ctx(30 * S + 5 * MIN)).notifications;
    expect(second.map((n) => [n.groupLabels.cluster, n.counts.firing])).toEqual([['prod-eu', 2]]);

    // Nothing changes: silent until repeat_interval (4h) has passed since the last message.
    expect(dispatcher.flush(ctx(30 * S + 10 * MIN)).notifications).toEqual([]);
    const repeat = dispatcher.flush(ctx(30 * S + 4 * 60 * MIN + 5 * MIN)).notifications;
    expect(repeat.map((n) => n.groupLabels.cluster).sort()).toEqual(['prod-eu', 'prod-us']);
  });

  it('sends a resolved message (send_resolved) and forgets the alert', () => {
    const { dispatcher, ctx } = setup({ receiver: 'chat', group_by: ['cluster'], group_wait: '10s', group_interval: '1m' });
    dispatcher.insert(alert(a1, 0), 0);
    expect(dispatcher.flush(ctx(10 * S)).notifications).toHaveLength(1);
    dispatcher.insert(alert(a1, 0, 40 * S), 40 * S);
    const resolved = dispatcher.flush(ctx(70 * S)).notifications;
    expect(resolved.map((n) => [n.status, n.counts.resolved, n.alerts[0]?.endsAt])).toEqual([['resolved', 1, 40 * S]]);
    expect(dispatcher.groupCount()).toBe(0);
  });

  it('does not send resolved alerts to a receiver with send_resolved: false, nor alerts that fired and resolved unseen', () => {
    const { dispatcher, ctx } = setup({ receiver: 'quiet', group_wait: '0s', group_interval: '1m' }, [
      { name: 'quiet', type: 'webhook', url: 'http://127.0.0.1:1/x', send_resolved: false },
    ]);
    dispatcher.insert(alert(a1, 0), 0);
    expect(dispatcher.flush(ctx(0)).notifications).toHaveLength(1);
    dispatcher.insert(alert(a1, 0, 10 * S), 10 * S);
    const after = dispatcher.flush(ctx(MIN));
    expect(after.notifications).toEqual([]);
    expect(after.log.map((e) => e.firing)).toEqual([[]]);
  });

  it('routes depth first, honours continue, and keeps silenced alerts out', () => {
    const { dispatcher, ctx } = setup(
      {
        receiver: 'chat',
        group_wait: '0s',
        routes: [
          { matchers: ['severity="critical"'], receiver: 'pager', continue: true },
          { matchers: ['cluster=~"prod-.*"'], receiver: 'prod' },
        ],
      },
      [
        { name: 'chat', type: 'slack', url: 'http://127.0.0.1:1/a' },
        { name: 'pager', type: 'webhook', url: 'http://127.0.0.1:1/b' },
        { name: 'prod', type: 'discord', url: 'http://127.0.0.1:1/c' },
      ],
    );
    dispatcher.insert(alert(b1, 0), 0);
    dispatcher.insert(alert({ ...a1, cluster: 'dev' }, 0), 0);
    const silence: Silence = {
      id: 's1',
      matchers: [{ name: 'cluster', value: 'dev', isRegex: false, isEqual: true }],
      startsAt: 0,
      endsAt: MIN,
      createdBy: 't',
      comment: 'c',
      updatedAt: 0,
    };
    const sent = dispatcher.flush(ctx(0, [silence])).notifications;
    expect(sent.map((n) => n.receiver).sort()).toEqual(['pager', 'prod']);
  });

  it('truncates long lists but counts every alert', () => {
    const { dispatcher, ctx } = setup({ receiver: 'chat', group_wait: '0s' }, [{ name: 'chat', type: 'slack', url: 'http://127.0.0.1:1/a', max_alerts: 2 }]);
    for (let i = 0; i < 5; i++) dispatcher.insert(alert({ ...a1, node: `n${i}` }, 0), 0);
    const [n] = dispatcher.flush(ctx(0)).notifications;
    expect([n?.alerts.length, n?.truncatedAlerts, n?.counts.firing]).toEqual([2, 3, 5]);
  });
});

describe('notification log retention', () => {
  it('forgets entries of groups that are gone once they are old, keeps those of live groups', () => {
    const { dispatcher, ctx } = setup({ receiver: 'chat', group_wait: '0s', group_interval: '1m' });
    dispatcher.insert(alert(a1, 0), 0);
    dispatcher.insert(alert(b1, 0), 0);
    dispatcher.flush(ctx(0));
    dispatcher.insert(alert(a1, 0, MIN), MIN);
    // One group, so it stays while b1 fires: nothing pruned.
    expect(dispatcher.pruneLog(10 * MIN)).toEqual([]);
    dispatcher.insert(alert(b1, 0, MIN), MIN);
    dispatcher.flush(ctx(MIN));
    expect(dispatcher.groupCount()).toBe(0);
    expect(dispatcher.pruneLog(0)).toEqual([]);
    expect(dispatcher.pruneLog(10 * MIN).map((e) => e.receiver)).toEqual(['chat']);
  });
});
