import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import type { ClusterHealth } from '../../shared/health';
import type { ClusterEntry, HelloMessage } from '../../shared/protocol';
import { applyMessage, INITIAL_VIEW, MAX_EVENTS, wentOffline, type FleetView } from './fleet-state';

const source = { ok: true, lastSuccess: 1, error: null };
function entry(cluster: string, status: ClusterHealth['status'], at: number, spark: number[] = []): ClusterEntry {
  return {
    health: { cluster, labels: {}, status, reasons: [], nodes: null, prometheus: source, kubernetes: source, version: null, dataAgeMs: 1000 },
    at,
    spark: spark.map((v, i) => ({ t: at + i, v })),
  };
}
function event(id: string): FleetEvent {
  return {
    id,
    cluster: 'a',
    namespace: 'ns',
    involvedObject: { kind: 'Pod', name: id },
    reason: 'BackOff',
    type: 'Warning',
    message: id,
    count: 1,
    firstSeen: 1,
    lastSeen: 1,
  };
}
const hello = (patch: Partial<HelloMessage> = {}): HelloMessage => ({
  type: 'hello',
  protocol: 2,
  serverTime: 10_000,
  instance: 'i1',
  resumed: false,
  seq: 5,
  staleAfterMs: 60_000,
  sparkPoints: 3,
  minDeltaIntervalMs: 500,
  server: { store: { ok: true } },
  ...patch,
});

function synced(): FleetView {
  let view = applyMessage(INITIAL_VIEW, hello(), 9_000);
  view = applyMessage(
    view,
    { type: 'snapshot', seq: 5, serverTime: 10_000, clusters: [entry('a', 'healthy', 10_000, [1, 2]), entry('b', 'healthy', 10_000)], reports: {}, events: [] },
    9_000,
  );
  return view;
}

describe('applyMessage', () => {
  it('takes the snapshot whole, with the server clock and where each cluster data came from', () => {
    const view = synced();
    expect(view).toMatchObject({ connection: 'open', synced: true, seq: 5, instance: 'i1', clockSkewMs: 1000, staleAfterMs: 60_000 });
    expect(view.clusters.map((c) => [c.health.cluster, c.dataAt, c.spark.map((p) => p.v)])).toEqual([
      ['a', 9_000, [1, 2]],
      ['b', 9_000, []],
    ]);
  });

  it('applies a delta that follows on: replaces health, appends spark points up to the bound, merges events by id', () => {
    let view = synced();
    view = applyMessage(
      view,
      {
        type: 'delta',
        fromSeq: 5,
        seq: 8,
        serverTime: 11_000,
        clusters: [entry('a', 'critical', 11_000, [3, 4])],
        reports: {},
        events: [event('e1')],
        eventsDropped: 0,
      },
      10_000,
    );
    view = applyMessage(
      view,
      {
        type: 'delta',
        fromSeq: 8,
        seq: 9,
        serverTime: 11_000,
        clusters: [],
        reports: {},
        events: [{ ...event('e1'), count: 3 }, event('e2')],
        eventsDropped: 0,
      },
      10_000,
    );
    expect(view.seq).toBe(9);
    expect(view.clusters.map((c) => [c.health.cluster, c.health.status, c.spark.map((p) => p.v)])).toEqual([
      ['a', 'critical', [2, 3, 4]],
      ['b', 'healthy', []],
    ]);
    expect(view.events.map((e) => [e.id, e.count])).toEqual([
      ['e1', 3],
      ['e2', 1],
    ]);
    expect(view.needsResync).toBe(false);
  });

  it('asks for a fresh start when a delta does not follow on from what it has', () => {
    const view = applyMessage(
      synced(),
      { type: 'delta', fromSeq: 7, seq: 9, serverTime: 0, clusters: [entry('a', 'critical', 0)], reports: {}, events: [], eventsDropped: 0 },
      0,
    );
    expect(view.needsResync).toBe(true);
    expect(view.clusters[0]?.health.status).toBe('healthy');
  });

  it('keeps its state across a resumed reconnect, and shows the last state while offline', () => {
    const offline = wentOffline(synced(), 20_000);
    expect(offline).toMatchObject({ connection: 'offline', offlineSince: 20_000 });
    expect(wentOffline(offline, 25_000).offlineSince).toBe(20_000);
    expect(offline.clusters).toHaveLength(2);
    const back = applyMessage(offline, hello({ resumed: true, seq: 7 }), 30_000);
    expect(back).toMatchObject({ connection: 'open', offlineSince: null, synced: true, seq: 5 });
    const restarted = applyMessage(offline, hello({ instance: 'i2', seq: 0 }), 30_000);
    expect(restarted).toMatchObject({ synced: false, seq: 0, instance: 'i2' });
    expect(restarted.clusters).toHaveLength(2);
  });

  it('keeps at most MAX_EVENTS events', () => {
    const many = Array.from({ length: MAX_EVENTS + 5 }, (_, i) => event(`e${i}`));
    const view = applyMessage(synced(), { type: 'delta', fromSeq: 5, seq: 6, serverTime: 0, clusters: [], reports: {}, events: many, eventsDropped: 0 }, 0);
    expect(view.events).toHaveLength(MAX_EVENTS);
    expect(view.events[0]?.id).toBe('e5');
  });
});
