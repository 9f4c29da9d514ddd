import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ROOT } from '../helpers/command';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { startTestServer } from '../helpers/server';

/**
 * The demo fleet answers fleetscope's /api/v1 as a fleet of real Prometheus
 * servers would: each simulated cluster's Prometheus answers the HTTP API
 * itself, so Grafana pointed at `npm start` has data.
 */
describe('the Prometheus HTTP API on the demo fleet', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  const names = DEMO_FLEET.map((c) => c.name).sort();
  type Answer = {
    status: string;
    data: { resultType: string; result: Array<{ metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }> };
    warnings?: string[];
  };
  const get = async (path: string) => {
    const response = await fetch(`${app.url}/api/v1/${path}`);
    return { status: response.status, body: (await response.json()) as Answer };
  };

  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers a query from every cluster, none failing', async () => {
    const { status, body } = await get(`query?query=${encodeURIComponent('count by (cluster) (kube_node_info)')}`);
    expect(status).toBe(200);
    expect(body.warnings).toBeUndefined();
    expect(Object.fromEntries(body.data.result.map((r) => [r.metric.cluster, r.value?.[1]]))).toEqual(
      Object.fromEntries(DEMO_FLEET.map((c) => [c.name, String(c.nodes)])),
    );
  });

  it("answers Grafana's connection test, 1+1, as a scalar", async () => {
    const { body } = await get('query?query=1%2B1&time=1800000000');
    expect(body.data).toEqual({ resultType: 'scalar', result: [1800000000, '2'] });
  });

  it('answers a range query of a rate, one series per cluster', async () => {
    const end = Math.floor(Date.now() / 1000);
    const query = encodeURIComponent('sum by (cluster) (rate(container_cpu_usage_seconds_total[5m]))');
    const { status, body } = await get(`query_range?query=${query}&start=${end - 60}&end=${end}&step=15`);
    expect(status).toBe(200);
    expect(body.data.resultType).toBe('matrix');
    expect(body.data.result.map((r) => r.metric.cluster).sort()).toEqual(names);
    expect(body.data.result[0]?.values).toHaveLength(5);
  });

  it("lists the clusters as the cluster label's values, and label names and series as Grafana's metric browser asks", async () => {
    expect((await get('label/cluster/values')).body.data).toEqual(names);
    const labels = (await get('labels')).body.data;
    expect(labels).toEqual(expect.arrayContaining(['__name__', 'cluster', 'node', 'namespace']));
    const metrics = (await get('label/__name__/values')).body.data;
    expect(metrics).toEqual(expect.arrayContaining(['kube_node_info', 'up']));
    const series = (await get(`series?match[]=kube_node_info`)).body.data as unknown as Array<Record<string, string>>;
    expect(series).toHaveLength(DEMO_FLEET.reduce((n, c) => n + c.nodes, 0));
  });

  it('refuses PromQL the simulator does not evaluate with bad_data, saying what it does evaluate', async () => {
    const { status, body } = await get(`query?query=${encodeURIComponent('up == 1')}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('the simulated Prometheus evaluates only');
  });

  it("answers every panel of docs/grafana's dashboard with the clusters' data, over the provisioned data source, for the clusters its variable picks", async () => {
    const datasource = z
      .object({
        datasources: z.array(
          z.object({
            uid: z.string(),
            type: z.literal('prometheus'),
            jsonData: z.object({ httpHeaderName1: z.literal('Authorization') }),
            secureJsonData: z.object({ httpHeaderValue1: z.string().startsWith('Bearer ') }),
          }),
        ),
      })
      .parse(parse(readFileSync(path.join(ROOT, 'docs/grafana/datasource.yaml'), 'utf8')));
    const dashboard = z
      .object({
        uid: z.string(),
        templating: z.object({ list: z.array(z.object({ name: z.literal('cluster'), definition: z.string(), allValue: z.literal('.*') })).length(1) }),
        panels: z.array(
          z.object({ title: z.string(), datasource: z.object({ uid: z.string() }), targets: z.array(z.object({ expr: z.string(), instant: z.boolean() })) }),
        ),
      })
      .parse(JSON.parse(readFileSync(path.join(ROOT, 'docs/grafana/fleet-dashboard.json'), 'utf8')));
    // The cluster variable's query, label_values(kube_node_info, cluster), as Grafana asks it.
    expect(dashboard.templating.list[0]?.definition).toBe('label_values(kube_node_info, cluster)');
    expect((await get(`label/cluster/values?match[]=kube_node_info`)).body.data).toEqual(names);
    const end = Math.floor(Date.now() / 1000);
    // "All", then two clusters picked: Grafana writes a multi-value variable into a regex as (a|b).
    const picked = names.slice(0, 2);
    for (const [value, shown] of [
      ['.*', names],
      [`(${picked.join('|')})`, picked],
    ] as const) {
      for (const panel of dashboard.panels) {
        expect(panel.datasource.uid, panel.title).toBe(datasource.datasources[0]?.uid);
        for (const target of panel.targets) {
          expect(target.expr, panel.title).toContain('cluster=~"$cluster"');
          const query = encodeURIComponent(target.expr.replaceAll('$cluster', value));
          const { status, body } = await get(target.instant ? `query?query=${query}` : `query_range?query=${query}&start=${end - 600}&end=${end}&step=60`);
          expect(`${panel.title}: ${status} ${body.status}`).toBe(`${panel.title}: 200 success`);
          expect(body.warnings, panel.title).toBeUndefined();
          const clusters = new Set(body.data.result.map((r) => r.metric.cluster ?? ''));
          // Every cluster has nodes; not every one has, say, a container in CrashLoopBackOff.
          if (panel.title === 'Nodes per cluster') expect([...clusters].sort(), panel.title).toEqual(shown);
          else expect(shown, panel.title).toEqual(expect.arrayContaining([...clusters]));
          if (value === '.*') expect(clusters.size, panel.title).toBeGreaterThan(0);
        }
      }
    }
  });
});
