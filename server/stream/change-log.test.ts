import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import type { ClusterHealth } from '../../shared/health';
import { ChangeLog } from './change-log';

function health(cluster: string, status: ClusterHealth['status']): ClusterHealth {
  const source = { ok: true, lastSuccess: 1, error: null };
  return { cluster, labels: {}, status, reasons: [], nodes: null, prometheus: source, kubernetes: source, version: null, dataAgeMs: 0, missing: [] };
}

function event(id: string, count = 1): FleetEvent {
  return {
    id,
    cluster: 'a',
    namespace: 'ns',
    involvedObject: { kind: 'Pod', name: id },
    reason: 'BackOff',
    type: 'Warning',
    message: id,
    count,
    firstSeen: 1,
    lastSeen: 1,
  };
}

describe('ChangeLog', () => {
  it('coalesces a range to the newest state per cluster and keeps every spark point and event', () => {
    const log = new ChangeLog(10);
    log.append({ kind: 'cluster', entry: { health: health('a', 'healthy'), at: 1, spark: [{ t: 1, v: 5 }] } });
    log.append({ kind: 'events', events: [event('e1')] });
    log.append({ kind: 'cluster', entry: { health: health('b', 'healthy'), at: 2, spark: [] } });
    log.append({ kind: 'cluster', entry: { health: health('a', 'critical'), at: 3, spark: [{ t: 3, v: 4 }] } });
    log.append({ kind: 'events', events: [event('e2'), event('e1', 2)] });
    const folded = log.foldSince(0, 100);
    expect(folded?.clusters.map((c) => [c.health.cluster, c.health.status, c.spark.map((p) => p.v)])).toEqual([
      ['a', 'critical', [5, 4]],
      ['b', 'healthy', []],
    ]);
    expect(folded?.events.map((e) => [e.id, e.count])).toEqual([
      ['e2', 1],
      ['e1', 2],
    ]);
    expect(log.foldSince(3, 100)?.clusters.map((c) => c.health.status)).toEqual(['critical']);
    expect(log.foldSince(5, 100)).toEqual({ clusters: [], reports: {}, events: [], eventsDropped: 0 });
  });

  it('says when a range is no longer held, and refuses sequence numbers from the future', () => {
    const log = new ChangeLog(3);
    for (let i = 0; i < 5; i++) log.append({ kind: 'cluster', entry: { health: health('a', 'healthy'), at: i, spark: [] } });
    expect(log.seq).toBe(5);
    expect(log.foldSince(1, 10)).toBeNull();
    expect(log.foldSince(2, 10)?.clusters).toHaveLength(1);
    expect(log.covers(6)).toBe(false);
    expect(log.covers(-1)).toBe(false);
  });

  it('bounds the events of one delta and counts the rest', () => {
    const log = new ChangeLog(10);
    log.append({ kind: 'events', events: Array.from({ length: 7 }, (_, i) => event(`e${i}`)) });
    const folded = log.foldSince(0, 3);
    expect(folded?.events.map((e) => e.id)).toEqual(['e4', 'e5', 'e6']);
    expect(folded?.eventsDropped).toBe(4);
  });
});
