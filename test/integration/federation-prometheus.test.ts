import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { httpGet } from '../../server/sources/http/get';
import { startTestServer, waitFor } from '../helpers/server';
import { freePort, ksmExposition, promtoolCheckMetrics, startHttp, startPrometheus, type RealPrometheus } from './federation-helpers';

/**
 * Two real Prometheus servers act as two clusters, each scraping a static
 * kube-state-metrics-like exposition; fleetscope federates both; a third real
 * Prometheus scrapes fleetscope's /federate with honor_labels: true.
 */
describe('federation with real Prometheus servers', () => {
  const closers: Array<() => Promise<void>> = [];
  let east: RealPrometheus;
  let west: RealPrometheus;
  let global: RealPrometheus;
  let app: Awaited<ReturnType<typeof startTestServer>>;

  const promConfig = (target: string, externalCluster: string) => `
global:
  scrape_interval: 1s
  external_labels:
    cluster: ${externalCluster}
scrape_configs:
  - job_name: kube-state-metrics
    static_configs:
      - targets: ['${target}']
`;

  beforeAll(async () => {
    const ksmEast = await startHttp((_req, res) =>
      res.end(
        ksmExposition([
          { name: 'east-1', ready: true },
          { name: 'east-2', ready: false },
        ]),
      ),
    );
    const ksmWest = await startHttp((_req, res) =>
      res.end(ksmExposition([{ name: 'west-1', ready: true }], 'kube_pod_info{namespace="shop",pod="web-0",note="line1\\nline2 \\"quoted\\""} 1\n')),
    );
    closers.push(ksmEast.close, ksmWest.close);
    [east, west] = await Promise.all([
      startPrometheus(promConfig(new URL(ksmEast.url).host, 'prom-east')),
      startPrometheus(promConfig(new URL(ksmWest.url).host, 'prom-west')),
    ]);
    closers.push(east.close, west.close);
    await waitFor(
      'both cluster Prometheus servers to scrape',
      async () => (await east.query('up == 1')).length > 0 && (await west.query('up == 1')).length > 0,
    );

    const config = validateConfig({
      clusters: [
        { name: 'east', prometheus: { url: `${east.url}/federate`, interval: '1s', timeout: '1s' } },
        { name: 'west', prometheus: { url: `${west.url}/federate`, interval: '1s', timeout: '1s', existingClusterLabel: 'keep' } },
        { name: 'gone', prometheus: { url: `http://127.0.0.1:${await freePort()}/federate`, interval: '1s', timeout: '1s' } },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath: ':memory:' });
    closers.push(app.close);

    global = await startPrometheus(`
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: fleetscope
    honor_labels: true
    metrics_path: /federate
    params:
      'match[]': ['{__name__=~"kube_.+"}']
    static_configs:
      - targets: ['${new URL(app.url).host}']
`);
    closers.push(global.close);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("labels each cluster's series, renaming or keeping the external cluster label per config", async () => {
    const east = app.fleet.snapshot().clusters.find((c) => c.name === 'east')?.prometheus;
    expect(east?.error).toBeNull();
    const conditions = east?.series.get('kube_node_status_condition') ?? [];
    expect(
      conditions
        .filter((s) => s.labels.status === 'true')
        .map((s) => [s.labels.node, s.value])
        .sort(),
    ).toEqual([
      ['east-1', 1],
      ['east-2', 0],
    ]);
    expect(conditions[0]?.labels).toMatchObject({ cluster: 'east', exported_cluster: 'prom-east', job: 'kube-state-metrics' });
    const west = app.fleet.snapshot().clusters.find((c) => c.name === 'west')?.prometheus;
    expect(west?.series.get('kube_node_info')?.[0]?.labels.cluster).toBe('prom-west');
    expect(west?.series.get('kube_pod_info')?.[0]?.labels.note).toBe('line1\nline2 "quoted"');
  });

  it('serves every cluster on /federate in a form promtool accepts', async () => {
    const response = await fetch(`${app.url}/federate?match[]=${encodeURIComponent('{__name__=~"kube_.+"}')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('# TYPE kube_node_status_condition untyped');
    const lines = text.split('\n');
    const eastNotReady = lines.find((l) => l.startsWith('kube_node_status_condition{') && l.includes('node="east-2"') && l.includes('status="true"'));
    expect(eastNotReady).toMatch(/[{,]cluster="east"[,}]/);
    expect(eastNotReady).toContain('exported_cluster="prom-east"');
    expect(eastNotReady).toMatch(/\} 0 \d{13}$/);
    const westInfo = lines.find((l) => l.startsWith('kube_node_info{') && l.includes('node="west-1"'));
    expect(westInfo).toMatch(/[{,]cluster="prom-west"[,}]/);
    expect(text).toContain('note="line1\\nline2 \\"quoted\\""');
    expect(text).not.toMatch(/^up\{/m);
    const check = promtoolCheckMetrics(text);
    expect(check.output).not.toMatch(/error/i);
    expect([0, 3]).toContain(check.status);
  });

  it('selects by cluster and by label, and rejects a bad selector with 400', async () => {
    const onlyEast = await (await fetch(`${app.url}/federate?match[]=kube_node_info{cluster="east"}`)).text();
    expect(onlyEast).toContain('node="east-1"');
    expect(onlyEast).not.toContain('west');
    const byNode = await (await fetch(`${app.url}/federate?match[]=${encodeURIComponent('{node=~"west-.*",status="true"}')}`)).text();
    expect(byNode.split('\n').filter((l) => l && !l.startsWith('#'))).toHaveLength(1);
    const bad = await fetch(`${app.url}/federate?match[]={node=~"("}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('invalid regular expression');
    expect((await fetch(`${app.url}/federate`)).status).toBe(400);
  });

  it('a real Prometheus with honor_labels: true scrapes fleetscope (up == 1) and finds each cluster', async () => {
    await waitFor('the global Prometheus to scrape fleetscope', async () => (await global.query('up{job="fleetscope"} == 1')).length === 1, 30_000);
    const perCluster = await waitFor(
      'series of both clusters in the global Prometheus',
      async () => {
        const result = await global.query('count by (cluster) (kube_node_status_condition{condition="Ready"})');
        return result.length === 2 ? result : undefined;
      },
      30_000,
    );
    expect(Object.fromEntries(perCluster.map((r) => [r.metric.cluster, r.value[1]]))).toEqual({ east: '6', 'prom-west': '3' });
    const notReady = await global.query('kube_node_status_condition{condition="Ready",status="true"} == 0');
    expect(notReady.map((r) => `${r.metric.cluster}/${r.metric.node}`)).toEqual(['east/east-2']);
  });

  it("/api/v1/query runs on each cluster's Prometheus and returns the union, labelled by cluster, failed clusters in warnings", async () => {
    const query = encodeURIComponent('kube_node_status_condition{condition="Ready",status="true"}');
    const body = (await (await fetch(`${app.url}/api/v1/query?query=${query}`)).json()) as {
      status: string;
      data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      warnings?: string[];
    };
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('vector');
    expect(body.data.result.map((r) => `${r.metric.cluster}/${r.metric.node}=${r.value[1]}`).sort()).toEqual([
      'east/east-1=1',
      'east/east-2=0',
      'west/west-1=1',
    ]);
    expect(body.data.result[0]?.metric.__name__).toBe('kube_node_status_condition');
    expect(body.warnings?.join('\n')).toContain('cluster gone:');
  });

  it('aggregation stays per cluster (sum gives one sample per cluster), over POST as Grafana sends it', async () => {
    const response = await fetch(`${app.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'count(kube_node_info)' }),
    });
    const body = (await response.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    expect(Object.fromEntries(body.data.result.map((r) => [r.metric.cluster, r.value[1]]))).toEqual({ east: '2', west: '1' });
  });

  it('a scalar or a string every cluster computed alike is the answer; scalars that differ are a 422 naming each', async () => {
    type Answer = {
      status: string;
      data: { resultType: string; result: [number, string] };
      errorType?: string;
      error?: string;
      warnings?: string[];
    };
    // A time when both Prometheus servers have scraped kube_node_info (before it, scalar() of nothing is NaN).
    await waitFor(
      'kube_node_info in both cluster Prometheus servers',
      async () => (await east.query('kube_node_info')).length > 0 && (await west.query('kube_node_info')).length > 0,
    );
    const time = Math.floor(Date.now() / 1000) + 1;
    await new Promise((r) => setTimeout(r, 1100));
    const ask = async (query: string) => {
      const response = await fetch(`${app.url}/api/v1/query?query=${encodeURIComponent(query)}&time=${time}`);
      return { status: response.status, body: (await response.json()) as Answer };
    };
    // What Grafana's "Save & test" asks.
    const constant = await ask('1+1');
    expect(constant.status).toBe(200);
    expect(constant.body.data).toEqual({ resultType: 'scalar', result: [time, '2'] });
    const text = await ask('"x"');
    expect(text.body.data).toEqual({ resultType: 'string', result: [time, 'x'] });
    expect(text.body.warnings).toEqual([
      expect.stringMatching(/^cluster gone: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query: .*(ECONNREFUSED|connection refused)/),
    ]);
    const differing = await ask('scalar(count(kube_node_info))');
    expect(differing.status).toBe(422);
    expect(differing.body).toMatchObject({ status: 'error', errorType: 'execution' });
    expect(differing.body.error).toContain("the clusters' scalar results differ (east: 2, west: 1)");
    expect(differing.body.error).toContain('count by (cluster)');
  });

  it('/api/v1/query_range returns a matrix per cluster', async () => {
    const end = Date.now() / 1000;
    const params = new URLSearchParams({ query: 'kube_node_info', start: String(end - 5), end: String(end), step: '1s' });
    const body = (await (await fetch(`${app.url}/api/v1/query_range?${params}`)).json()) as {
      data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
    };
    expect(body.data.resultType).toBe('matrix');
    expect(body.data.result.map((r) => r.metric.cluster).sort()).toEqual(['east', 'east', 'west']);
    expect(body.data.result[0]?.values.length).toBeGreaterThan(1);
  });

  it('a query no Prometheus can parse is a 400 bad_data, like Prometheus', async () => {
    const response = await fetch(`${app.url}/api/v1/query?query=${encodeURIComponent('sum(')}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errorType: string }).errorType).toBe('bad_data');
    expect((await fetch(`${app.url}/api/v1/query_range?query=up&start=10&end=5&step=1`)).status).toBe(400);
  });

  it("gets each cluster's /federate deflated, as it asks (deflate before gzip: cheaper to check)", async () => {
    const response = await httpGet({ url: `${east.url}/federate?match[]=up`, timeoutMs: 5000, maxBytes: 1 << 20 });
    if (!response.ok) throw new Error(response.error.message);
    expect(response.headers['content-encoding']).toBe('deflate');
    expect(response.body.toString()).toMatch(/^up\{.*job="kube-state-metrics".*\} 1 \d+$/m);
  });

  it('per-cluster scrape figures on /metrics: up, duration, samples, bytes, last success, failures by kind', async () => {
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('fleetscope_source_up{cluster="east",source="prometheus"} 1');
    expect(metrics).toContain('fleetscope_source_up{cluster="gone",source="prometheus"} 0');
    expect(metrics).toMatch(/fleetscope_source_failures_total\{cluster="gone",source="prometheus",kind="unreachable"\} [1-9]/);
    expect(metrics).toMatch(/fleetscope_source_duration_seconds\{cluster="east",source="prometheus"\} \d/);
    expect(metrics).toMatch(/fleetscope_scrape_samples\{cluster="east"\} 9\n/); // 6 conditions, 2 node infos, 1 up
    expect(metrics).toMatch(/fleetscope_scrape_bytes\{cluster="east"\} [1-9]\d*/);
    expect(metrics).toMatch(/fleetscope_source_last_success_timestamp_seconds\{cluster="west",source="prometheus"\} 1\d{9}/);
  });
});
