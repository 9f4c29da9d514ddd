import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';
import { freePort, ksmExposition, promtoolQuery, startHttp, startPrometheus, type RealPrometheus } from './federation-helpers';

/**
 * A `cluster` matcher inside a query, as a Grafana panel with a cluster
 * variable writes it: promtool against fleetscope, compared with what the
 * real Prometheus behind it holds. One Prometheus scrapes the same
 * kube-state-metrics twice, once with its own `cluster="blue"` label; the
 * fleet reads it as `east` (existing cluster label renamed, the default) and
 * as `mirror` (existing cluster label kept); a third cluster is down.
 */

type Sample = { metric: Record<string, string>; value: [number, string] };
const byLabels = (samples: Sample[]): string[] =>
  samples.map((s) => JSON.stringify(Object.fromEntries(Object.entries(s.metric).sort(([a], [b]) => a.localeCompare(b))))).sort();

describe('cluster matchers in queries and match[], against a real Prometheus', () => {
  const closers: Array<() => Promise<void>> = [];
  let prometheus: RealPrometheus;
  let url: string;
  let time: number;

  beforeAll(async () => {
    const ksm = await startHttp((_req, res) =>
      res.end(
        ksmExposition([
          { name: 'node-1', ready: true },
          { name: 'node-2', ready: false },
        ]),
      ),
    );
    closers.push(ksm.close);
    const target = new URL(ksm.url).host;
    prometheus = await startPrometheus(`
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: ksm
    static_configs:
      - targets: ['${target}']
  - job_name: ksm-labelled
    static_configs:
      - targets: ['${target}']
        labels: { cluster: blue }
`);
    closers.push(prometheus.close);
    await waitFor('Prometheus to hold both jobs', async () => (await prometheus.query('count by (job) (kube_node_info)')).length === 2);
    time = Math.floor(Date.now() / 1000) + 1;
    await new Promise((r) => setTimeout(r, 1100));
    const federate = `${prometheus.url}/federate`;
    const config = validateConfig({
      clusters: [
        { name: 'east', prometheus: { url: federate, interval: '60s', timeout: '2s' } },
        { name: 'mirror', prometheus: { url: federate, interval: '60s', timeout: '2s', existingClusterLabel: 'keep' } },
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

  const instant = async (server: string, query: string) => (await promtoolQuery(['instant', '-o', 'json', `--time=${time}`, server, query])) as Sample[];
  /** What Prometheus itself holds for `query`, relabelled as the fleet shows it. */
  const upstream = async (query: string, relabel: (metric: Record<string, string>) => Record<string, string>) =>
    (await instant(prometheus.url, query)).map((s) => ({ ...s, metric: relabel(s.metric) }));
  const renamedAs = (cluster: string) => (metric: Record<string, string>) => {
    const { cluster: own, ...rest } = metric;
    return { ...rest, cluster, ...(own === undefined ? {} : { exported_cluster: own }) };
  };
  const keptAs = (cluster: string) => (metric: Record<string, string>) => ({ cluster, ...metric });

  it('cluster="east": every series of east (its own cluster label moved to exported_cluster), and no other cluster asked', async () => {
    const fleet = await instant(url, 'kube_node_info{cluster="east"}');
    const expected = await upstream('kube_node_info', renamedAs('east'));
    expect(expected).toHaveLength(4);
    expect(byLabels(fleet)).toEqual(byLabels(expected));
    // The cluster that is down was not asked, so a panel filtered to east carries no warning about it.
    const body = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent('kube_node_info{cluster="east"}')}`)).json()) as { warnings?: string[] };
    expect(body.warnings).toBeUndefined();
  });

  it('cluster="mirror" (own labels kept): only the series with no cluster label of their own', async () => {
    const fleet = await instant(url, 'kube_node_info{cluster="mirror"}');
    const expected = await upstream('kube_node_info{job="ksm"}', keptAs('mirror'));
    expect(expected).toHaveLength(2);
    expect(byLabels(fleet)).toEqual(byLabels(expected));
  });

  it('cluster="blue", a series’ own value: the kept cluster answers it; exported_cluster="blue" the renamed one', async () => {
    expect(byLabels(await instant(url, 'kube_node_info{cluster="blue"}'))).toEqual(byLabels(await upstream('kube_node_info{cluster="blue"}', (m) => m)));
    expect(byLabels(await instant(url, 'kube_node_info{exported_cluster="blue"}'))).toEqual(
      byLabels(await upstream('kube_node_info{cluster="blue"}', renamedAs('east'))),
    );
  });

  it('a regular expression over clusters, inside an aggregation by cluster (one group per cluster, whatever its series’ own labels)', async () => {
    const fleet = await instant(url, 'count by (cluster) (kube_node_info{cluster=~"(?i)EAST|mirror"})');
    expect(fleet.map((s) => [s.metric.cluster, s.value[1]]).sort()).toEqual([
      ['east', '4'],
      ['mirror', '2'],
    ]);
  });

  it('absent(): 1 with the labels of the selector, as one Prometheus answers it', async () => {
    const absent = await instant(url, 'absent(kube_node_info{cluster="east", job="nope"})');
    expect(absent.map((s) => [s.metric, s.value[1]])).toEqual([[{ cluster: 'east', job: 'nope' }, '1']]);
  });

  it('series and label values with a cluster in match[], as Grafana’s variable queries ask', async () => {
    const series = (await promtoolQuery(['series', '-o', 'json', '--match=up{cluster="east"}', url])) as Array<Record<string, string>>;
    expect(series.map((s) => [s.cluster, s.exported_cluster ?? null, s.job]).sort()).toEqual([
      ['east', null, 'ksm'],
      ['east', 'blue', 'ksm-labelled'],
    ]);
    const clusters = await promtoolQuery(['labels', '-o', 'json', '--match=kube_node_info{cluster=~"east|blue"}', url, 'cluster']);
    expect(clusters).toEqual(['blue', 'east']);
    const nodes = await promtoolQuery(['labels', '-o', 'json', '--match=kube_node_info{cluster="mirror", job="ksm"}', url, 'node']);
    expect(nodes).toEqual(['node-1', 'node-2']);
  });
});
