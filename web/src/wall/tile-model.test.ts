import { describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../../../shared/health';
import type { ClusterSkew } from '../../../shared/reports/skew';
import type { ClusterView } from '../fleet-state';
import { statusStrip, STRIP_MS, tileModel } from './tile-model';

const source = { ok: true, lastSuccess: 1, error: null };
function cluster(patch: Partial<ClusterHealth>, dataAt: number | null): ClusterView {
  const health: ClusterHealth = {
    cluster: 'prod-eu',
    labels: { region: 'eu-west-1', env: 'prod', team: 'core' },
    status: 'healthy',
    reasons: [],
    nodes: { total: 12, ready: 12 },
    prometheus: source,
    kubernetes: source,
    version: 'v1.30.6',
    dataAgeMs: 0,
    ...patch,
  };
  return { health, dataAt, spark: [] };
}

describe('tileModel', () => {
  it('shows status as colour class, icon and word, env before region, and the facts', () => {
    const tile = tileModel({ cluster: cluster({}, 1000), now: 3000, staleAfterMs: 300_000 });
    expect(tile).toMatchObject({
      name: 'prod-eu',
      labels: ['prod', 'eu-west-1'],
      status: 'healthy',
      icon: '✔',
      word: 'healthy',
      reasons: [],
      age: 'data 2 s old',
      facts: '12/12 nodes ready · v1.30.6',
    });
  });
  it('says what the sparkline counts: warnings a minute, or containers waiting where there is no Kubernetes API', () => {
    expect(tileModel({ cluster: cluster({}, 0), now: 0, staleAfterMs: 300_000 }).sparkLabel).toBe('warnings/min');
    const withoutApi = cluster({ kubernetes: { ...source, ok: false, configured: false, status: 'not configured' } }, 0);
    expect(tileModel({ cluster: withoutApi, now: 0, staleAfterMs: 300_000 }).sparkLabel).toBe('waiting');
  });
  it('keeps every reason, most severe first, for the health panel to list', () => {
    const reasons = ['a', 'b', 'c'].map((message) => ({ rule: message, severity: 'warning' as const, message }));
    expect(tileModel({ cluster: cluster({ status: 'degraded', reasons }, 0), now: 0, staleAfterMs: 300_000 }).reasons).toEqual(['a', 'b', 'c']);
  });
  it('turns a cluster whose data is older than staleAfter grey and says how old, whatever it last said', () => {
    const tile = tileModel({
      cluster: cluster({ status: 'healthy', reasons: [{ rule: 'data_stale', severity: 'critical', message: 'data 5m0s old' }] }, 0),
      now: 4 * 60_000 + 10_000,
      staleAfterMs: 60_000,
    });
    expect(tile).toMatchObject({ status: 'stale', icon: '◷', word: 'stale', reasons: ['data 4 m old'] });
  });
  it('says so when no data ever arrived', () => {
    expect(
      tileModel({ cluster: cluster({ status: 'unreachable', reasons: [], dataAgeMs: null, nodes: null, version: null }, null), now: 0, staleAfterMs: 60_000 }),
    ).toMatchObject({
      status: 'unreachable',
      reasons: ['no data received yet'],
      age: null,
      facts: '',
    });
  });

  it('marks a cluster past end of life with an EOL badge, whatever its status, and shows its oldest API server version', () => {
    const tile = tileModel({
      cluster: cluster({}, 0),
      now: 0,
      staleAfterMs: 60_000,
      context: { skew: skew({ state: 'past_eol', minor: '1.27', endOfLife: '2024-06-28' }) },
    });
    expect(tile).toMatchObject({
      status: 'healthy',
      version: 'v1.27.16',
      badge: { kind: 'eol', text: 'EOL', detail: '1.27 past end of life since 2024-06-28' },
    });
  });
  it('marks a skew-policy finding with SKEW, and nothing when the skew report is clean or absent', () => {
    const finding = {
      rule: 'kubelet_too_old' as const,
      severity: 'warning' as const,
      component: 'kubelet' as const,
      subject: 'n1',
      version: 'v1.26.0',
      message: 'kubelet v1.26.0 on n1 is too old',
      policy: '',
    };
    expect(tileModel({ cluster: cluster({}, 0), now: 0, staleAfterMs: 60_000, context: { skew: { ...skew(null), findings: [finding] } } }).badge).toEqual({
      kind: 'skew',
      text: 'SKEW',
      detail: 'kubelet v1.26.0 on n1 is too old',
    });
    expect(
      tileModel({
        cluster: cluster({}, 0),
        now: 0,
        staleAfterMs: 60_000,
        context: { skew: skew({ state: 'supported', minor: '1.30', endOfLife: '2026-06-28' }) },
      }).badge,
    ).toBeNull();
    expect(tileModel({ cluster: cluster({}, 0), now: 0, staleAfterMs: 60_000 }).badge).toBeNull();
  });
  it('counts firing alerts per severity, worst first, and shows the node cost per month', () => {
    const alert = (fingerprint: string, severity: string) => ({ fingerprint, alertname: 'A', cluster: 'prod-eu', severity, summary: '', startsAt: 0 });
    const split = (total: number) => ({ cpu: total, memory: 0, gpu: 0, storage: 0, total });
    const cost = {
      cluster: 'prod-eu',
      labels: {},
      currency: 'USD',
      profile: 'default',
      assets: { hourly: split(4), nodes: 3, daily: 96, monthly: 2920 },
      allocated: null,
      idle: null,
      namespaces: [],
      workloads: [],
      basis: { cpu: 'requests' as const, memory: 'requests' as const },
      missing: [],
    };
    const tile = tileModel({
      cluster: cluster({}, 0),
      now: 0,
      staleAfterMs: 60_000,
      context: { alerts: [alert('1', 'warning'), alert('2', 'critical'), alert('3', 'warning')], cost },
    });
    expect(tile.alerts).toEqual([
      { severity: 'critical', count: 1 },
      { severity: 'warning', count: 2 },
    ]);
    expect(tile.cost).toBe('$2,920');
  });
});

function skew(eol: { state: 'past_eol' | 'supported'; minor: string; endOfLife: string } | null): ClusterSkew {
  return {
    cluster: 'prod-eu',
    labels: {},
    apiServer: { versions: ['v1.27.16'], source: 'kubernetes-api' },
    nodes: { source: null, total: 0, kubelet: {}, kubeProxy: {}, containerRuntime: {}, osImage: {} },
    controlPlane: {},
    findings: [],
    eol: eol ? { ...eol, daysLeft: -800 } : null,
    upgrade: null,
    missing: [],
  };
}

describe('statusStrip', () => {
  const now = 10 * STRIP_MS;
  const hour = STRIP_MS / 24;
  it('is unknown before the history begins, never healthy', () => {
    expect(statusStrip([], now)).toEqual([{ status: 'unknown', share: 1 }]);
    expect(statusStrip([{ at: now - 6 * hour, status: 'healthy' }], now)).toEqual([
      { status: 'unknown', share: 0.75 },
      { status: 'healthy', share: 0.25 },
    ]);
  });
  it('starts with the status in force at the window start, one segment per status held, adding up to the whole day', () => {
    const strip = statusStrip(
      [
        { at: now - 3 * STRIP_MS, status: 'healthy' },
        { at: now - 12 * hour, status: 'degraded' },
        { at: now - 6 * hour, status: 'unreachable' },
        { at: now - 3 * hour, status: 'healthy' },
      ],
      now,
    );
    expect(strip).toEqual([
      { status: 'healthy', share: 0.5 },
      { status: 'degraded', share: 0.25 },
      { status: 'unreachable', share: 0.125 },
      { status: 'healthy', share: 0.125 },
    ]);
  });
  it("says since when the status holds on the tile, from the server's persisted transition", () => {
    const tile = tileModel({
      cluster: cluster({ status: 'degraded', statusSince: 0, recentStatus: [{ at: 0, status: 'degraded' }] }, 2 * hour),
      now: 2 * hour,
      staleAfterMs: 300_000,
    });
    expect(tile.since).toBe('for 2 h');
    expect(tile.strip).toEqual([
      { status: 'unknown', share: 22 / 24 },
      { status: 'degraded', share: 2 / 24 },
    ]);
  });
});
