import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetHealth } from '../../shared/health';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetSkew } from '../../shared/reports/skew';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';
import { ksmExposition, startHttp, startPrometheus, type RealPrometheus } from './federation-helpers';

/** kube-state-metrics and an API server's own metrics, as a cluster's Prometheus scrapes them (names and labels as they export them). */
function clusterExposition(image: string): string {
  return ksmExposition(
    [
      { name: 'n1', ready: true },
      { name: 'n2', ready: true },
    ],
    [
      '# TYPE kube_node_status_capacity gauge',
      'kube_node_status_capacity{node="n1",resource="cpu",unit="core"} 4',
      'kube_node_status_capacity{node="n1",resource="memory",unit="byte"} 17179869184',
      'kube_node_status_capacity{node="n2",resource="cpu",unit="core"} 4',
      'kube_node_status_capacity{node="n2",resource="memory",unit="byte"} 17179869184',
      '# TYPE kube_pod_owner gauge',
      'kube_pod_owner{namespace="shop",pod="api-7d9f8b6c5d-x1k2p",uid="u1",owner_kind="ReplicaSet",owner_name="api-7d9f8b6c5d",owner_is_controller="true"} 1',
      'kube_pod_owner{namespace="shop",pod="db-0",uid="u2",owner_kind="StatefulSet",owner_name="db",owner_is_controller="true"} 1',
      '# TYPE kube_replicaset_owner gauge',
      'kube_replicaset_owner{namespace="shop",replicaset="api-7d9f8b6c5d",owner_kind="Deployment",owner_name="storefront",owner_is_controller="true"} 1',
      '# TYPE kube_pod_status_phase gauge',
      'kube_pod_status_phase{namespace="shop",pod="api-7d9f8b6c5d-x1k2p",uid="u1",phase="Running"} 1',
      'kube_pod_status_phase{namespace="shop",pod="db-0",uid="u2",phase="Running"} 1',
      '# TYPE kube_pod_container_info gauge',
      `kube_pod_container_info{namespace="shop",pod="api-7d9f8b6c5d-x1k2p",uid="u1",container="api",image="${image}",image_id="",container_id=""} 1`,
      'kube_pod_container_info{namespace="shop",pod="db-0",uid="u2",container="db",image="postgres:16",image_id="",container_id=""} 1',
      '# TYPE kube_pod_container_resource_requests gauge',
      'kube_pod_container_resource_requests{namespace="shop",pod="api-7d9f8b6c5d-x1k2p",uid="u1",container="api",node="n1",resource="cpu",unit="core"} 1',
      'kube_pod_container_resource_requests{namespace="shop",pod="db-0",uid="u2",container="db",node="n2",resource="cpu",unit="core"} 2',
      "# HELP kubernetes_build_info [ALPHA] A metric with a constant '1' value labeled by major, minor, git version, git commit, git tree state, build date, Go version, and compiler from which Kubernetes was built, and platform on which it is running.",
      '# TYPE kubernetes_build_info gauge',
      'kubernetes_build_info{build_date="2023-04-14T13:14:41Z",compiler="gc",git_commit="f89670c3aa4059d6999cb42e23ccb4f0b9d03979",git_tree_state="clean",git_version="v1.29.4",go_version="go1.21.9",major="1",minor="29",platform="linux/amd64"} 1',
      '',
    ].join('\n'),
  );
}

/**
 * Cluster "a" as real setups put it together: an inner Prometheus scrapes the
 * API server and kube-state-metrics; an outer Prometheus (external label
 * cluster="a", the fleet's own name) federates it without honor_labels, so
 * `job` becomes `exported_job`; fleetscope federates the outer with its
 * default match[] and no Kubernetes API. Cluster "b" is a fake Prometheus of
 * our own whose /federate answers with its own cluster="prom-b" and the API
 * server's build info under a ServiceMonitor's `component` label.
 */
describe('truth on inputs real clusters send', () => {
  const closers: Array<() => Promise<void>> = [];
  let inner: RealPrometheus;
  let outer: RealPrometheus;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${app.url}${path}`)).json()) as T;

  beforeAll(async () => {
    const exporter = await startHttp((_req, res) => res.end(clusterExposition('shop/api:1.4.0')));
    closers.push(exporter.close);
    inner = await startPrometheus(`
global: { scrape_interval: 1s }
scrape_configs:
  - job_name: apiserver
    # As many set-ups do, the cluster's name is a target label too, so the stored series carry it.
    static_configs: [{ targets: ['${new URL(exporter.url).host}'], labels: { cluster: a } }]
`);
    closers.push(inner.close);
    outer = await startPrometheus(`
global: { scrape_interval: 1s, external_labels: { cluster: a } }
scrape_configs:
  - job_name: federate
    metrics_path: /federate
    params: { 'match[]': ['{__name__=~".+"}'] }
    static_configs: [{ targets: ['${new URL(inner.url).host}'] }]
`);
    closers.push(outer.close);
    await waitFor(
      'the outer Prometheus to federate the inner one',
      async () => (await outer.query('kubernetes_build_info{exported_job="apiserver"}')).length > 0,
    );

    const bText = clusterExposition('shop/api:1.5.0')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => {
        const labelled = l.startsWith('kubernetes_build_info{')
          ? l.replace('{', '{job="kubernetes-service-endpoints",component="apiserver",namespace="default",service="kubernetes",')
          : l;
        return labelled.replace(/^(\w+)\{/, '$1{cluster="prom-b",');
      });
    const fakeB = await startHttp((req, res) => {
      if (!req.url?.startsWith('/federate')) return void res.writeHead(404).end();
      res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
      // As Prometheus' /federate writes them: the external label among the labels, a millisecond timestamp on each line.
      const now = Date.now();
      res.end(bText.map((line) => `${line} ${now}\n`).join(''));
    });
    closers.push(fakeB.close);

    const config = validateConfig({
      clusters: [
        { name: 'a', prometheus: { url: `${outer.url}/federate`, interval: '1s', timeout: '1s' } },
        { name: 'b', prometheus: { url: `${fakeB.url}/federate`, interval: '1s', timeout: '1s' } },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath: ':memory:' });
    closers.push(app.close);
    await waitFor('both clusters federated', async () => {
      const health = await get<FleetHealth>('/api/clusters');
      return health.clusters.every((c) => c.prometheus.ok);
    });
  }, 90_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("finds the API server's version under exported_job and under component, and checks end of life", async () => {
    const skew = await get<FleetSkew>('/api/reports/skew');
    for (const name of ['a', 'b']) {
      const cluster = skew.clusters.find((c) => c.cluster === name);
      expect(cluster?.apiServer).toEqual({ versions: ['v1.29.4'], source: 'kubernetes_build_info' });
      expect(cluster?.findings.map((f) => f.rule)).toContain('eol_past');
      expect(cluster?.missing.map((m) => m.input)).not.toContain('Kubernetes API /version');
      expect(cluster?.missing).toContainEqual({
        input: 'kubernetes_build_info',
        effect:
          'kube-controller-manager and kube-scheduler versions not checked (kubernetes_build_info is federated, but none of its series is from a kube-controller-manager or kube-scheduler (a job, exported_job, component, service, k8s_app, app or container label naming it))',
      });
    }
  });

  it('shows that version on /api/clusters, and the Kubernetes API as not configured rather than failing', async () => {
    const a = (await get<FleetHealth>('/api/clusters')).clusters.find((c) => c.cluster === 'a');
    expect(a).toMatchObject({ version: 'v1.29.4', versionSource: 'kubernetes_build_info' });
    expect(a?.kubernetes).toEqual({ ok: false, configured: false, status: 'not configured', lastSuccess: null, error: null });
    expect(a?.prometheus).toMatchObject({ ok: true, configured: true, status: 'ok' });
  });

  it("names workloads by kube-state-metrics' owner chain, in cost and in image drift", async () => {
    const cost = await get<FleetCost>('/api/reports/cost');
    const rows = cost.clusters.find((c) => c.cluster === 'a')?.workloads.map((w) => [w.workload, w.workloadBasis]);
    expect(rows?.sort()).toEqual([
      ['Deployment/storefront', 'kube_pod_owner'],
      ['StatefulSet/db', 'kube_pod_owner'],
    ]);
    const skew = await get<FleetSkew>('/api/reports/skew');
    expect(skew.fleet.imageDrift).toEqual([
      {
        namespace: 'shop',
        workload: 'Deployment/storefront',
        workloadBasis: 'kube_pod_owner',
        container: 'api',
        images: [
          { image: 'shop/api:1.4.0', clusters: ['a'] },
          { image: 'shop/api:1.5.0', clusters: ['b'] },
        ],
      },
    ]);
  });

  it('writes a cost CSV whose cluster and fleet rows reconcile: allocated + idle = node cost', async () => {
    const csv = await (await fetch(`${app.url}/api/reports/cost?format=csv`)).text();
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    const columns = header!.split(',');
    const cell = (line: string, column: string) => line.replace(/"[^"]*"/g, 'quoted').split(',')[columns.indexOf(column)] ?? '';
    const totals = lines.filter((l) => l.startsWith('cluster,') || l.startsWith('fleet,'));
    expect(totals.map((l) => l.split(',')[0])).toEqual(['cluster', 'cluster', 'fleet']);
    for (const line of totals) {
      const allocated = Number(cell(line, 'monthly'));
      const idle = Number(cell(line, 'idle_monthly'));
      const node = Number(cell(line, 'node_cost_monthly'));
      expect(allocated).toBeGreaterThan(0);
      expect(allocated + idle).toBeCloseTo(node, 1);
      expect(parseFloat(cell(line, 'allocated_share')) + parseFloat(cell(line, 'idle_share'))).toBeCloseTo(100, 0);
    }
    // Both clusters: 3 cores requested of 8, memory not requested; CPU charged by requests (no usage series).
    expect(cell(totals[0]!, 'cpu_basis')).toBe('requests');
    expect(cell(totals[2]!, 'monthly')).toBe(String(Number((Number(cell(totals[0]!, 'monthly')) * 2).toFixed(2))));
  });

  it("leaves out an exported_cluster that only repeats the cluster's name, and keeps one that differs", async () => {
    const text = await (await fetch(`${app.url}/federate?match[]=kube_pod_owner`)).text();
    const lines = text.split('\n').filter((l) => l.startsWith('kube_pod_owner{'));
    const ofA = lines.filter((l) => l.includes('cluster="a"'));
    const ofB = lines.filter((l) => l.startsWith('kube_pod_owner{cluster="b"'));
    expect(ofA).toHaveLength(2);
    for (const line of ofA) {
      expect(line).not.toContain('exported_cluster');
      expect(line).toContain('exported_job="apiserver"');
    }
    expect(ofB).toHaveLength(2);
    for (const line of ofB) expect(line).toContain('exported_cluster="prom-b"');
  });

  it("lists no exported_cluster label on /api/v1/labels where the cluster's own label only repeats its name", async () => {
    const labels = await get<{ status: string; data: string[] }>('/api/v1/labels?match[]=kube_pod_owner');
    expect(labels.data).toContain('cluster');
    expect(labels.data).toContain('exported_job');
    expect(labels.data).not.toContain('exported_cluster');
    expect(await outer.query('count(kube_pod_owner{cluster="a"})')).toHaveLength(1);
  });
});
