import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';
import { freePort, ksmExposition, promtoolQuery, startHttp, startPrometheus, type RealPrometheus } from './federation-helpers';

/**
 * promtool, Prometheus' own client, against fleetscope's /api/v1 and against
 * the two real Prometheus servers behind it: fleetscope answers what each
 * answered, united, each series with its cluster label; a third cluster is
 * down and is named in the warnings.
 */

type Labelled = { metric: Record<string, string> };
/** Objects with their keys in order (promtool prints labels in the order the server sent them), in a stable order. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;
const sorted = <T>(items: T[]): unknown[] => items.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const withCluster = <T extends Labelled>(items: T[], cluster: string): T[] => items.map((i) => ({ ...i, metric: { ...i.metric, cluster } }));

describe('promtool query against fleetscope, compared with the real Prometheus servers behind it', () => {
  const closers: Array<() => Promise<void>> = [];
  let east: RealPrometheus;
  let west: RealPrometheus;
  let url: string;
  let time: number;

  const promConfig = (target: string) => `
global:
  scrape_interval: 1s
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
    const ksmWest = await startHttp((_req, res) => res.end(ksmExposition([{ name: 'west-1', ready: true }])));
    closers.push(ksmEast.close, ksmWest.close);
    [east, west] = await Promise.all([startPrometheus(promConfig(new URL(ksmEast.url).host)), startPrometheus(promConfig(new URL(ksmWest.url).host))]);
    closers.push(east.close, west.close);
    await waitFor(
      'both Prometheus servers to hold kube_node_info',
      async () => (await east.query('kube_node_info')).length > 0 && (await west.query('kube_node_info')).length > 0,
    );
    // Queries at a fixed time both have data for, so each side computes the same.
    time = Math.floor(Date.now() / 1000) + 1;
    await new Promise((r) => setTimeout(r, 1100));
    const config = validateConfig({
      clusters: [
        { name: 'east', prometheus: { url: `${east.url}/federate`, interval: '60s', timeout: '2s' } },
        { name: 'west', prometheus: { url: `${west.url}/federate`, interval: '60s', timeout: '2s' } },
        { name: 'gone', prometheus: { url: `http://127.0.0.1:${await freePort()}/federate`, interval: '60s', timeout: '2s' } },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const app = await startTestServer({ config: config.config });
    closers.push(app.close);
    url = app.url;
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('query instant: the union of both answers, each sample with its cluster', async () => {
    const args = (server: string) => ['instant', '-o', 'json', `--time=${time}`, server, 'kube_node_status_condition{status="true"}'];
    const fleet = (await promtoolQuery(args(url))) as Labelled[];
    const expected = [
      ...withCluster((await promtoolQuery(args(east.url))) as Labelled[], 'east'),
      ...withCluster((await promtoolQuery(args(west.url))) as Labelled[], 'west'),
    ];
    expect(expected).toHaveLength(3);
    expect(sorted(fleet)).toEqual(sorted(expected));
  });

  it('query range: the union of both matrices', async () => {
    const args = (server: string) => ['range', '-o', 'json', `--start=${time - 4}`, `--end=${time}`, '--step=1s', server, 'count(kube_node_info)'];
    const fleet = (await promtoolQuery(args(url))) as Labelled[];
    const expected = [
      ...withCluster((await promtoolQuery(args(east.url))) as Labelled[], 'east'),
      ...withCluster((await promtoolQuery(args(west.url))) as Labelled[], 'west'),
    ];
    expect(sorted(fleet)).toEqual(sorted(expected));
  });

  it('query series: every series of both, with its cluster', async () => {
    const args = (server: string) => ['series', '-o', 'json', '--match=kube_node_info', '--match=up', server];
    const label = (items: Array<Record<string, string>>, cluster: string) => items.map((s) => ({ ...s, cluster }));
    const fleet = (await promtoolQuery(args(url))) as Array<Record<string, string>>;
    const expected = [
      ...label((await promtoolQuery(args(east.url))) as Array<Record<string, string>>, 'east'),
      ...label((await promtoolQuery(args(west.url))) as Array<Record<string, string>>, 'west'),
    ];
    expect(expected).toHaveLength(5);
    expect(sorted(fleet)).toEqual(sorted(expected));
  });

  it("query labels: a label's values united; the cluster label's values are the clusters that answered", async () => {
    const nodes = async (server: string) => (await promtoolQuery(['labels', '-o', 'json', server, 'node'])) as string[];
    expect(await nodes(url)).toEqual([...new Set([...(await nodes(east.url)), ...(await nodes(west.url))])].sort());
    expect(await promtoolQuery(['labels', '-o', 'json', url, 'cluster'])).toEqual(['east', 'west']);
  });

  it('names the cluster that is down in warnings, answering the rest (a POST form, as Grafana sends it)', async () => {
    const response = await fetch(`${url}/api/v1/labels`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'match[]': 'kube_node_info' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; data: string[]; warnings: string[] };
    expect(body.status).toBe('success');
    expect(body.data).toEqual(['__name__', 'cluster', 'instance', 'job', 'kubelet_version', 'node', 'os_image']);
    expect(body.warnings).toEqual([
      expect.stringMatching(/^cluster gone: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/labels: .*(ECONNREFUSED|connection refused)/),
    ]);
    const query = await fetch(`${url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'count by (node) (kube_node_info)', time: String(time) }),
    });
    const answer = (await query.json()) as { data: { result: Labelled[] }; warnings: string[] };
    expect(answer.data.result.map((r) => `${r.metric.cluster}/${r.metric.node}`).sort()).toEqual(['east/east-1', 'east/east-2', 'west/west-1']);
    expect(answer.warnings).toHaveLength(1);
  });

  it('metadata and buildinfo in Prometheus shape', async () => {
    const metadata = (await (await fetch(`${url}/api/v1/metadata?metric=kube_node_info`)).json()) as { data: Record<string, unknown[]> };
    expect(metadata.data).toEqual({ kube_node_info: [{ type: 'gauge', help: 'Information about a cluster node.', unit: '' }] });
    const build = (await (await fetch(`${url}/api/v1/status/buildinfo`)).json()) as { status: string; data: Record<string, string> };
    expect(build.status).toBe('success');
    expect(Object.keys(build.data).sort()).toEqual(['branch', 'buildDate', 'buildUser', 'goVersion', 'revision', 'version']);
    expect(build.data.version).toBe('2.42.0');
    expect(build.data.goVersion).toBe(`node ${process.version}`);
  });

  it('refuses a bad match[] with 400 bad_data, and an unparseable start likewise', async () => {
    const bad = await fetch(`${url}/api/v1/series?match[]=${encodeURIComponent('{node=~"("}')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorType: string }).errorType).toBe('bad_data');
    const start = await fetch(`${url}/api/v1/labels?start=yesterday`);
    expect(start.status).toBe(400);
    expect(await start.json()).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: 'invalid parameter "start": cannot parse "yesterday" to a valid timestamp',
    });
  });
});
