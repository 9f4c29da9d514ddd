import { describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../../../shared/health';
import type { ClusterView } from '../fleet-state';
import { tileModel } from './tile-model';

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
    const tile = tileModel(cluster({}, 1000), 3000, 300_000);
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
  it('keeps the two most severe reasons', () => {
    const reasons = ['a', 'b', 'c'].map((message) => ({ rule: message, severity: 'warning' as const, message }));
    expect(tileModel(cluster({ status: 'degraded', reasons }, 0), 0, 300_000).reasons).toEqual(['a', 'b']);
  });
  it('turns a cluster whose data is older than staleAfter grey and says how old, whatever it last said', () => {
    const tile = tileModel(
      cluster({ status: 'healthy', reasons: [{ rule: 'data_stale', severity: 'critical', message: 'data 5m0s old' }] }, 0),
      4 * 60_000 + 10_000,
      60_000,
    );
    expect(tile).toMatchObject({ status: 'stale', icon: '◷', word: 'stale', reasons: ['data 4 m old'] });
  });
  it('says so when no data ever arrived', () => {
    expect(tileModel(cluster({ status: 'unreachable', reasons: [], dataAgeMs: null, nodes: null, version: null }, null), 0, 60_000)).toMatchObject({
      status: 'unreachable',
      reasons: ['no data received yet'],
      age: null,
      facts: '',
    });
  });
});
