import { describe, expect, it } from 'vitest';
import { inventoryOf } from '../../test/helpers/inventory';
import { testSettings } from '../../test/helpers/report-settings';
import { scrapeOfText } from '../../test/helpers/scrape';
import type { ClusterSnapshot } from '../fleet/types';
import { NO_WATCH_TROUBLE } from '../fleet/watches';
import { clusterHealth } from './health';
import { clusterSkew } from './skew';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const settings = testSettings({ releases: { '1.26': { endOfLife: '2024-02-28' }, '1.29': { endOfLife: '2025-02-28' } } });
const ok = { lastAttempt: NOW - 1000, lastSuccess: NOW - 1000, lastDurationMs: 5, error: null, failures: {} };

/** A cluster with only a Prometheus (no Kubernetes API configured) federating `text`. */
function federating(text: string, kubernetes: ClusterSnapshot['kubernetes'] = null): ClusterSnapshot {
  return {
    name: 'c1',
    labels: {},
    prometheus: { ...ok, series: scrapeOfText(text, { cluster: 'c1' }), sampleCount: 0, bytes: 0, duplicates: 0, staleAfterMs: 300_000 },
    kubernetes,
  };
}

const skewOf = (cluster: ClusterSnapshot) => clusterSkew(inventoryOf(cluster, NOW), NOW, settings);
const healthOf = (cluster: ClusterSnapshot) => clusterHealth(inventoryOf(cluster, NOW), NOW);

describe("the API server's build info, wherever a real setup puts it", () => {
  it.each([
    ['job (kube-prometheus)', 'job="apiserver",instance="10.0.0.1:6443"'],
    ['exported_job (federated without honor_labels)', 'job="federate",exported_job="apiserver",instance="10.0.0.1:6443"'],
    ['component (a ServiceMonitor keeping the Service label)', 'job="kubernetes-service-endpoints",component="apiserver",instance="10.0.0.1:6443"'],
    ['the kubernetes Service of default', 'job="kubernetes-service-endpoints",namespace="default",service="kubernetes",instance="10.0.0.1:6443"'],
    ['a static pod scraped by annotation', 'job="kubernetes-pods",namespace="kube-system",container="kube-apiserver",instance="10.0.0.1:6443"'],
  ])('is found by %s, and end of life is checked', (_how, labels) => {
    const skew = skewOf(federating(`kubernetes_build_info{${labels},git_version="v1.26.4"} 1\n`));
    expect(skew.apiServer).toEqual({ versions: ['v1.26.4'], source: 'kubernetes_build_info' });
    expect(skew.findings.map((f) => f.message)).toContain('Kubernetes 1.26 reached end of life on 2024-02-28 (997 days ago)');
    expect(skew.missing.map((m) => m.input)).not.toContain('Kubernetes API /version');
  });

  it('is not taken from a kubelet, which exports kubernetes_build_info too', () => {
    const skew = skewOf(federating('kubernetes_build_info{job="kubelet",instance="node-1",git_version="v1.29.4"} 1\n'));
    expect(skew.apiServer.versions).toEqual([]);
    expect(skew.missing).toContainEqual({
      input: 'Kubernetes API /version',
      effect:
        'kube-apiserver version unknown (no Kubernetes API configured; kubernetes_build_info is federated, but none of its series is from a kube-apiserver (a job, exported_job, component, service, k8s_app, app or container label naming it)): skew and end of life not checked',
    });
  });

  it('says it is not federated only when it is not', () => {
    const skew = skewOf(federating('kube_node_info{node="n1",kubelet_version="v1.29.4"} 1\n'));
    expect(skew.missing).toContainEqual({
      input: 'Kubernetes API /version',
      effect:
        'kube-apiserver version unknown (no Kubernetes API configured; no kubernetes_build_info (not in the federated series)): skew and end of life not checked',
    });
    expect(skew.missing).toContainEqual({
      input: 'kubernetes_build_info',
      effect: 'kube-controller-manager and kube-scheduler versions not checked (not in the federated series)',
    });
  });

  it('says a failing Kubernetes API is failing, not unanswered', () => {
    const failing = {
      lastAttempt: NOW - 1000,
      lastSuccess: null,
      lastDurationMs: 5,
      error: { kind: 'unauthorized' as const, message: 'HTTP 401 Unauthorized', since: NOW - 60_000 },
      failures: {},
      version: null,
      nodes: null,
      events: [],
      watches: NO_WATCH_TROUBLE,
    };
    const skew = skewOf(federating('', failing));
    expect(skew.missing[0]?.effect).toMatch(/^kube-apiserver version unknown \(Kubernetes API failing \(unauthorized: HTTP 401 Unauthorized\); /);
  });
});

describe('/api/clusters for a cluster without a Kubernetes API', () => {
  const cluster = federating('kubernetes_build_info{job="federate",exported_job="apiserver",instance="10.0.0.1:6443",git_version="v1.29.4"} 1\n');

  it('shows the version the skew report knows, and where it came from', () => {
    const health = healthOf(cluster);
    expect(health.version).toBe('v1.29.4');
    expect(health.versionSource).toBe('kubernetes_build_info');
    expect(skewOf(cluster).apiServer.versions).toEqual([health.version]);
  });

  it('says the Kubernetes API is not configured rather than failing', () => {
    const health = healthOf(cluster);
    expect(health.kubernetes).toEqual({ ok: false, configured: false, status: 'not configured', lastSuccess: null, error: null });
    expect(health.prometheus).toMatchObject({ ok: true, configured: true, status: 'ok' });
  });
});
