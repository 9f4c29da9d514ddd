import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertsConfig } from '../../config/schema/alerts';
import { resolveReceivers } from '../secrets';
import type { Notification } from '../../store/records';
import { renderDiscord } from './discord';
import { renderSlack } from './slack';
import { renderTeams } from './teams';
import { renderWebhook } from './webhook';

const base: Notification = {
  id: 'id-1',
  receiver: 'r',
  groupKey: 'g',
  status: 'firing',
  groupLabels: { cluster: 'prod-eu' },
  commonLabels: { cluster: 'prod-eu', alertname: 'PodCrashLooping' },
  commonAnnotations: {},
  counts: { firing: 25, resolved: 1 },
  clusters: ['prod-eu'],
  alerts: [
    {
      fingerprint: 'a',
      labels: { alertname: 'PodCrashLooping', cluster: 'prod-eu', namespace: 'shop', pod: 'api<1>' },
      annotations: { summary: 'Pod shop/api<1> & co crash', link: 'http://fs/clusters/prod-eu' },
      startsAt: 0,
      endsAt: null,
      generatorURL: '',
    },
    {
      fingerprint: 'b',
      labels: { alertname: 'PodCrashLooping', cluster: 'prod-eu', namespace: 'shop', pod: 'web' },
      annotations: { summary: 'Pod shop/web crash' },
      startsAt: 0,
      endsAt: 5,
      generatorURL: 'http://fs/g',
    },
  ],
  truncatedAlerts: 24,
  externalURL: 'http://fs',
  createdAt: Date.parse('2026-11-21T10:00:00Z'),
};

describe('chat renderers', () => {
  it('Slack: escapes mrkdwn, counts truncated alerts, carries the idempotency key', () => {
    const text = JSON.stringify(renderSlack(base).body);
    expect(text).toContain('[FIRING:25] PodCrashLooping — prod-eu');
    expect(text).toContain('25 firing, 1 resolved in 1 cluster: prod-eu');
    expect(text).toContain('Pod shop/api&lt;1&gt; &amp; co crash');
    expect(text).toContain('and 24 more');
    expect(text).toContain('"block_id":"fleetscope-id-1"');
  });

  it('Teams and Discord mark resolved lines and colours', () => {
    expect(JSON.stringify(renderTeams(base).body)).toContain('{"title":"Resolved","value":"✅ Pod shop/web crash (prod-eu/shop/web)"}');
    const resolved = renderDiscord({ ...base, status: 'resolved' }).body;
    expect(JSON.stringify(resolved)).toContain(`"color":${0x2da44e}`);
  });

  it('the webhook gets Alertmanager v4 for alerts and a report document for a scheduled report', () => {
    const alerts = renderWebhook(base);
    expect(alerts.headers).toEqual({ 'idempotency-key': 'id-1' });
    expect(JSON.stringify(alerts.body)).toContain('"endsAt":"1970-01-01T00:00:00.005Z"');
    const report = renderWebhook({
      ...base,
      alerts: [],
      report: { kind: 'cost', title: 'Cost — 1 cluster', summary: 's', lines: ['l'], link: 'http://fs/cost' },
    });
    expect(report.body).toEqual({
      kind: 'report',
      report: 'cost',
      title: 'Cost — 1 cluster',
      summary: 's',
      lines: ['l'],
      link: 'http://fs/cost',
      createdAt: '2026-11-21T10:00:00.000Z',
    });
  });
});

describe('receiver URLs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-receivers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads url_file, and names the path (never the URL) of a bad one', () => {
    writeFileSync(path.join(dir, 'good'), 'https://hooks.slack.com/services/T/B/secret\n');
    writeFileSync(path.join(dir, 'bad'), 'not a url secret-ish\n');
    const config = alertsConfig.parse({
      receivers: [
        { name: 'a', type: 'slack', url_file: path.join(dir, 'good') },
        { name: 'b', type: 'slack', url_file: path.join(dir, 'bad') },
        { name: 'c', type: 'slack', url_file: path.join(dir, 'missing') },
      ],
    });
    const { targets, problems } = resolveReceivers(config);
    expect(targets.get('a')?.url).toBe('https://hooks.slack.com/services/T/B/secret');
    expect(problems).toEqual([
      `alerts.receivers[1].url_file: the first line of ${path.join(dir, 'bad')} is not an http(s) URL`,
      `alerts.receivers[2].url_file: cannot read ${path.join(dir, 'missing')}: no such file`,
    ]);
  });
});
