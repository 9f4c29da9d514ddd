import { describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/helpers/store';
import { DEFAULT_CLUSTER_LABELLING } from './identity';
import { alertmanagerPayload } from './inbound';
import { createInboundAlerts } from './inbound-alerts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-21T10:00:00Z');

/** One alert as Alertmanager 0.25 posts it: endsAt is the zero time while it fires. */
const payload = (status: 'firing' | 'resolved', labels: Record<string, string>, extra: { endsAt?: string; fingerprint?: string; startsAt?: string } = {}) =>
  alertmanagerPayload.parse({
    version: '4',
    status,
    alerts: [
      {
        status,
        labels,
        startsAt: extra.startsAt ?? '2026-11-21T09:58:00Z',
        endsAt: extra.endsAt ?? (status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-11-21T10:00:00Z'),
        ...(extra.fingerprint ? { fingerprint: extra.fingerprint } : {}),
      },
    ],
    externalURL: 'http://am',
  });

async function inboundAt(clock: { t: number }, store = openTestStore()) {
  const inbound = await createInboundAlerts({ token: null, store, resolveTimeoutMs: 5 * MIN, labelling: DEFAULT_CLUSTER_LABELLING, now: () => clock.t });
  return { inbound, store };
}

describe('inbound Alertmanager alerts', () => {
  it('lets a webhook through only with the configured bearer token', async () => {
    const store = openTestStore();
    const common = { store, resolveTimeoutMs: 5 * MIN, labelling: DEFAULT_CLUSTER_LABELLING, now: () => T0 };
    const inbound = await createInboundAlerts({ ...common, token: 'a-token-of-16-chars' });
    expect(inbound.allowed('Bearer a-token-of-16-chars')).toBe(true);
    expect(inbound.allowed('Bearer a-token-of-16-charz')).toBe(false);
    expect(inbound.allowed('a-token-of-16-chars')).toBe(false);
    expect(inbound.allowed(undefined)).toBe(false);
    expect((await createInboundAlerts({ ...common, token: null })).allowed(undefined)).toBe(true);
  });

  it('holds firing alerts with the fleet cluster label (the own one moved to exported_cluster) until they are sent resolved', async () => {
    const { inbound } = await inboundAt({ t: T0 });
    expect(await inbound.receive(payload('firing', { alertname: 'HighLatency' }), 'prod-eu')).toEqual({ firing: 1, resolved: 0 });
    expect(await inbound.receive(payload('firing', { alertname: 'DiskFull', cluster: 'eu-own' }), 'prod-eu')).toEqual({ firing: 1, resolved: 0 });
    expect(await inbound.receive(payload('firing', { alertname: 'Same', cluster: 'prod-eu' }), 'prod-eu')).toEqual({ firing: 1, resolved: 0 });
    expect(inbound.candidates().map((c) => [c.labels, c.generatorURL, c.origin, c.startsAt])).toEqual([
      [{ alertname: 'HighLatency', cluster: 'prod-eu' }, 'http://am', 'alertmanager', Date.parse('2026-11-21T09:58:00Z')],
      [{ alertname: 'DiskFull', cluster: 'prod-eu', exported_cluster: 'eu-own' }, 'http://am', 'alertmanager', Date.parse('2026-11-21T09:58:00Z')],
      [{ alertname: 'Same', cluster: 'prod-eu' }, 'http://am', 'alertmanager', Date.parse('2026-11-21T09:58:00Z')],
    ]);
    expect(await inbound.receive(payload('resolved', { alertname: 'HighLatency' }), 'prod-eu')).toEqual({ firing: 0, resolved: 1 });
    expect(inbound.candidates().map((c) => c.labels.alertname)).toEqual(['DiskFull', 'Same']);
  });

  it('keeps what it holds across a restart, and gives each alert a whole resolve timeout from the start', async () => {
    const clock = { t: T0 };
    const { inbound, store } = await inboundAt(clock);
    await inbound.receive(payload('firing', { alertname: 'DiskFull' }, { fingerprint: 'aaaaaaaaaaaaaaaa' }), 'prod-eu');
    clock.t = T0 + 20 * MIN;
    const { inbound: restarted } = await inboundAt(clock, store);
    expect(restarted.candidates().map((c) => c.labels)).toEqual([{ alertname: 'DiskFull', cluster: 'prod-eu' }]);
    expect(restarted.expire(T0 + 24 * MIN)).toEqual([]);
    expect(restarted.expire(T0 + 25 * MIN).map((a) => [a.alertmanagerFingerprint, a.timeout])).toEqual([['aaaaaaaaaaaaaaaa', true]]);
    await restarted.persist();
    expect(await store.loadInboundAlerts()).toEqual([]);
  });

  it('resolves an alert its Alertmanager stops posting: at its endsAt, or after the resolve timeout for the zero endsAt; a post refreshes it', async () => {
    const clock = { t: T0 };
    const { inbound } = await inboundAt(clock);
    await inbound.receive(payload('firing', { alertname: 'Timeout' }), 'c');
    await inbound.receive(payload('firing', { alertname: 'Explicit' }, { endsAt: '2026-11-21T10:02:00Z' }), 'c');
    expect(inbound.expire(T0 + 2 * MIN).map((a) => a.labels.alertname)).toEqual(['Explicit']);
    clock.t = T0 + 4 * MIN;
    await inbound.receive(payload('firing', { alertname: 'Timeout' }, { startsAt: '2026-11-21T09:59:00Z' }), 'c');
    expect(inbound.expire(T0 + 6 * MIN)).toEqual([]);
    const [refreshed] = inbound.expire(T0 + 9 * MIN);
    // Alertmanager's merge: the earliest start is kept.
    expect([refreshed?.labels.alertname, refreshed?.startsAt]).toEqual(['Timeout', Date.parse('2026-11-21T09:58:00Z')]);
  });

  it('takes an alert posted with an endsAt already past as resolved', async () => {
    const { inbound } = await inboundAt({ t: T0 });
    await inbound.receive(payload('firing', { alertname: 'A' }, { fingerprint: 'bbbbbbbbbbbbbbbb' }), 'c');
    expect(await inbound.receive(payload('firing', { alertname: 'A' }, { fingerprint: 'bbbbbbbbbbbbbbbb', endsAt: '2026-11-21T09:59:00Z' }), 'c')).toEqual({
      firing: 0,
      resolved: 1,
    });
    expect(inbound.candidates()).toEqual([]);
  });
});
