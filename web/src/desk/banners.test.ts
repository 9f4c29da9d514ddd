import { describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../../../shared/health';
import type { ClusterView } from '../fleet-state';
import { clusterBanners, serverBanner, webConfigBanner } from './banners';

const ok = { ok: true, lastSuccess: 0, error: null };
function view(cluster: string, patch: Partial<ClusterHealth>, dataAt: number | null): ClusterView {
  return {
    health: { cluster, labels: {}, status: 'healthy', reasons: [], nodes: null, prometheus: ok, kubernetes: ok, version: null, dataAgeMs: 0, ...patch },
    dataAt,
    spark: [],
  };
}

describe('clusterBanners', () => {
  it('names each failing cluster, its failing source, since when and why; healthy clusters get none', () => {
    const failing = { ok: false, lastSuccess: 0, error: { kind: 'unreachable', message: 'GET http://x/federate: connect ECONNREFUSED', since: 10_000 } };
    const banners = clusterBanners([view('a', {}, 70_000), view('b', { prometheus: failing }, 10_000), view('c', {}, 0)], 130_000, 100_000);
    expect(banners).toEqual([
      { cluster: 'b', message: 'Prometheus failing for 2 m (unreachable): GET http://x/federate: connect ECONNREFUSED; data 2 m old' },
      { cluster: 'c', message: 'data 2 m old' },
    ]);
  });

  it('says a cluster whose watch keeps relisting is relisting, with the count, since when and why', () => {
    const relisting = { ...ok, relisting: { resource: 'events', count: 37, since: 0, reason: '410 Gone' } };
    expect(clusterBanners([view('a', { kubernetes: relisting }, 300_000)], 300_000, 600_000)).toEqual([
      { cluster: 'a', message: 'Kubernetes API events watch relisting: 37 relists in 5 m (410 Gone)' },
    ]);
  });
});

describe('serverBanner', () => {
  it('says the store is not working, since when and why; nothing while it works or before the server said', () => {
    const failing = {
      store: { ok: false as const, problem: 'deleted' as const, message: 'the database file was deleted while fleetscope was running', since: 10_000 },
    };
    expect(serverBanner(failing, 130_000)).toBe(
      "fleetscope's store is not working for 2 m (deleted): the database file was deleted while fleetscope was running. Alert state is not being saved and no notification is sent until it works again; /readyz fails, and the server log names the file.",
    );
    expect(serverBanner({ store: { ok: true } }, 130_000)).toBeNull();
    expect(serverBanner(null, 130_000)).toBeNull();
  });
});

describe('webConfigBanner', () => {
  it('says the web configuration file could not be reloaded, since when and why; nothing while it is in force, without one, or before the server said', () => {
    const failing = { store: { ok: true as const }, webConfig: { ok: false as const, problems: ['tls_server_config.cert_file: no such file'], since: 10_000 } };
    expect(webConfigBanner(failing, 130_000)).toBe(
      "fleetscope's web configuration file was changed 2 m ago into one it cannot use (tls_server_config.cert_file: no such file). The one read before stays in force; the server log names the file.",
    );
    expect(webConfigBanner({ store: { ok: true }, webConfig: { ok: true } }, 130_000)).toBeNull();
    expect(webConfigBanner({ store: { ok: true } }, 130_000)).toBeNull();
    expect(webConfigBanner(null, 130_000)).toBeNull();
  });
});
