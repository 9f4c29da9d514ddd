import { describe, expect, it } from 'vitest';
import { availabilityReport, type TransitionInput } from './availability';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 11, 7, 12);
const WEEK = 7 * D;
const at = (ago: number) => NOW - ago;

function report(transitions: TransitionInput[], options: { clusters?: string[]; windowsMs?: number[]; retentionMs?: number } = {}) {
  return availabilityReport({
    clusters: options.clusters ?? ['a'],
    transitions,
    now: NOW,
    retentionMs: options.retentionMs ?? WEEK,
    ...(options.windowsMs && { windowsMs: options.windowsMs }),
  });
}

describe('availabilityReport', () => {
  it('counts a cluster with no transitions as unknown over every window, covering none of it', () => {
    const r = report([]);
    expect(r.clusters[0]!.windows.map((w) => [w.label, w.coveredMs, w.coveredFrom, w.ms.unknown, w.share.unknown, w.share.healthy])).toEqual([
      ['1d', 0, null, D, 1, 0],
      ['7d', 0, null, WEEK, 1, 0],
      ['30d', 0, null, 30 * D, 1, 0],
    ]);
  });

  it('holds a status that began before the window over the whole window', () => {
    const r = report([{ cluster: 'a', at: at(3 * D), to: 'healthy' }], { windowsMs: [D] });
    expect(r.clusters[0]!.windows[0]).toEqual({
      windowMs: D,
      label: '1d',
      from: at(D),
      to: NOW,
      coveredMs: D,
      coveredFrom: at(D),
      beforeRetention: false,
      ms: { healthy: D, degraded: 0, critical: 0, unreachable: 0, unknown: 0 },
      share: { healthy: 1, degraded: 0, critical: 0, unreachable: 0, unknown: 0 },
    });
  });

  it('says how much of a window longer than the history it covers, the rest unknown and not healthy', () => {
    const r = report(
      [
        { cluster: 'a', at: at(2 * D), to: 'healthy' },
        { cluster: 'a', at: at(6 * H), to: 'critical' },
      ],
      { windowsMs: [WEEK, 30 * D] },
    );
    const [week, month] = r.clusters[0]!.windows;
    expect([week!.coveredMs, week!.coveredFrom, week!.ms.healthy, week!.ms.critical, week!.ms.unknown, week!.beforeRetention]).toEqual([
      2 * D,
      at(2 * D),
      2 * D - 6 * H,
      6 * H,
      5 * D,
      false,
    ]);
    expect(week!.share.unknown).toBeCloseTo(5 / 7, 10);
    expect([month!.coveredMs, month!.ms.unknown, month!.beforeRetention]).toEqual([2 * D, 28 * D, true]);
  });

  it('adds up every stretch of a flapping cluster, and each window sums to its length', () => {
    // Ten flaps in the last day: healthy 1 h, degraded 1 h, …, then unreachable for the last 4 h.
    const flaps: TransitionInput[] = Array.from({ length: 20 }, (_, i) => ({ cluster: 'a', at: at(24 * H - i * H), to: i % 2 ? 'degraded' : 'healthy' }));
    const down: TransitionInput = { cluster: 'a', at: at(4 * H), to: 'unreachable' };
    const r = report([...flaps, down].reverse(), { windowsMs: [D, 12 * H] });
    const [day, half] = r.clusters[0]!.windows;
    expect(day!.ms).toEqual({ healthy: 10 * H, degraded: 10 * H, critical: 0, unreachable: 4 * H, unknown: 0 });
    expect(half!.ms).toEqual({ healthy: 4 * H, degraded: 4 * H, critical: 0, unreachable: 4 * H, unknown: 0 });
    expect(half!.label).toBe('12h');
    for (const w of [day!, half!]) expect(Object.values(w.share).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('ignores transitions after now and those of clusters not asked for', () => {
    const r = report([
      { cluster: 'a', at: at(D), to: 'degraded' },
      { cluster: 'a', at: NOW + H, to: 'critical' },
      { cluster: 'gone', at: at(D), to: 'critical' },
    ]);
    expect(r.clusters.map((c) => c.cluster)).toEqual(['a']);
    expect(r.clusters[0]!.windows[0]!.ms).toEqual({ healthy: 0, degraded: D, critical: 0, unreachable: 0, unknown: 0 });
  });

  it('gives the fleet the mean of its clusters per window, and no mean without clusters', () => {
    const r = report(
      [
        { cluster: 'a', at: at(2 * D), to: 'healthy' },
        { cluster: 'b', at: at(12 * H), to: 'critical' },
      ],
      { clusters: ['a', 'b'], windowsMs: [D] },
    );
    expect(r.fleet).toEqual([
      {
        windowMs: D,
        label: '1d',
        from: at(D),
        to: NOW,
        clusters: 2,
        coveredMs: 18 * H,
        ms: { healthy: 12 * H, degraded: 0, critical: 6 * H, unreachable: 0, unknown: 6 * H },
        share: { healthy: 0.5, degraded: 0, critical: 0.25, unreachable: 0, unknown: 0.25 },
      },
    ]);
    expect(report([], { clusters: [] })).toEqual({ generatedAt: NOW, retentionMs: WEEK, clusters: [], fleet: [] });
  });
});
