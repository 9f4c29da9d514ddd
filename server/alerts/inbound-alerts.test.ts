import { describe, expect, it } from 'vitest';
import { alertmanagerPayload } from './inbound';
import { createInboundAlerts } from './inbound-alerts';

const payload = (status: 'firing' | 'resolved', labels: Record<string, string>) =>
  alertmanagerPayload.parse({ version: '4', status, alerts: [{ status, labels, startsAt: '2026-11-21T10:00:00Z' }], externalURL: 'http://am' });

describe('inbound Alertmanager alerts', () => {
  it('lets a webhook through only with the configured bearer token', () => {
    const inbound = createInboundAlerts({ token: 'a-token-of-16-chars' });
    expect(inbound.allowed('Bearer a-token-of-16-chars')).toBe(true);
    expect(inbound.allowed('Bearer a-token-of-16-charz')).toBe(false);
    expect(inbound.allowed('a-token-of-16-chars')).toBe(false);
    expect(inbound.allowed(undefined)).toBe(false);
    expect(createInboundAlerts({ token: null }).allowed(undefined)).toBe(true);
  });

  it('holds firing alerts, labelled with the cluster, until they are sent resolved', () => {
    const inbound = createInboundAlerts({ token: null });
    expect(inbound.receive(payload('firing', { alertname: 'HighLatency' }), 'prod-eu')).toEqual({ firing: 1, resolved: 0 });
    expect(inbound.receive(payload('firing', { alertname: 'DiskFull', cluster: 'dev' }), 'prod-eu')).toEqual({ firing: 1, resolved: 0 });
    expect(inbound.candidates().map((c) => [c.labels, c.generatorURL, c.origin])).toEqual([
      [{ alertname: 'HighLatency', cluster: 'prod-eu' }, 'http://am', 'alertmanager'],
      [{ alertname: 'DiskFull', cluster: 'dev' }, 'http://am', 'alertmanager'],
    ]);
    expect(inbound.receive(payload('resolved', { alertname: 'HighLatency' }), 'prod-eu')).toEqual({ firing: 0, resolved: 1 });
    expect(inbound.candidates().map((c) => c.labels.alertname)).toEqual(['DiskFull']);
  });
});
