import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startFleetscope, type Fleetscope } from '../../server/main';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { memoryLogger, waitFor } from '../helpers/server';
import { freePort, promtoolCheckMetrics, startHttp, startPrometheus, type RealPrometheus } from './federation-helpers';

/**
 * fleetscope keeps Prometheus' conventions for itself: its probe paths, JSON
 * 404s on its own surface, and a /metrics a team's real Prometheus scrapes and
 * alerts on (checked by that Prometheus and by promtool, not by our parser).
 */
describe("Prometheus' conventions for fleetscope itself", () => {
  let sim: SimFleet;
  let app: Fleetscope;
  let prometheus: RealPrometheus;
  let held: ServerResponse[] = [];
  let slow: Awaited<ReturnType<typeof startHttp>>;
  const webRoot = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-web-'));
  const version: string = JSON.parse(readFileSync('package.json', 'utf8')).version;

  beforeAll(async () => {
    sim = await startSimFleet([{ name: 'prod-eu', labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 2 }], {
      interval: '1s',
      prometheusOnly: true,
    });
    // A cluster whose Prometheus answers only when the test lets it: fleetscope is not ready until it has.
    slow = await startHttp((_req, res) => {
      held.push(res);
    });
    const config = validateConfig({
      clusters: [
        ...sim.configDocument().clusters,
        { name: 'slow', prometheus: { url: `${slow.url}/federate`, interval: '20s', timeout: '20s' } },
        { name: 'gone', prometheus: { url: `http://127.0.0.1:${await freePort()}/federate`, interval: '1s', timeout: '1s' } },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>fleetscope</title>');
    app = await startFleetscope({ config: config.config, webRoot, logger: memoryLogger().logger, host: '127.0.0.1', port: 0, storePath: ':memory:' });
  });

  afterAll(async () => {
    for (const res of held) res.end();
    await prometheus?.close();
    await app?.close();
    await slow?.close();
    await sim?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('answers /-/healthy at once and /-/ready with 503 and the reason until the first round is done, as Prometheus does', async () => {
    const healthy = await fetch(`${app.url}/-/healthy`);
    expect([healthy.status, healthy.headers.get('content-type'), await healthy.text()]).toEqual([200, 'text/plain; charset=utf-8', 'fleetscope is Healthy.\n']);
    const waiting = await fetch(`${app.url}/-/ready`);
    expect([waiting.status, await waiting.text()]).toEqual([503, 'fleetscope is not ready: first round of scrapes still running.\n']);
    expect((await fetch(`${app.url}/-/ready`, { method: 'HEAD' })).status).toBe(503);

    await waitFor('the slow cluster asked', () => held.length > 0);
    for (const res of held) res.end('up 1\n');
    held = [];
    await app.firstRound;
    const ready = await fetch(`${app.url}/-/ready`);
    expect([ready.status, await ready.text()]).toEqual([200, 'fleetscope is Ready.\n']);
    expect((await fetch(`${app.url}/-/healthy`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${app.url}/-/ready`, { method: 'POST' })).status).toBe(405);
  });

  it('answers an unknown path of its own surface with a JSON 404, never the web page', async () => {
    for (const p of ['/-/nothing', '/-/healthy/extra', '/federate/x', '/metrics/extra', '/api/v9/query', '/auth/nothing']) {
      const response = await fetch(`${app.url}${p}`);
      expect(`${p}: ${response.status} ${response.headers.get('content-type')}`).toBe(`${p}: 404 application/json; charset=utf-8`);
      expect(await response.json()).toMatchObject({ detail: `no route answers GET ${p}` });
    }
    // The web app's own paths still answer the page (the router is in the browser).
    const page = await fetch(`${app.url}/clusters/prod-eu`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it("serves process and Node metrics, the build and each cluster's status, which promtool accepts", async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes'])
      expect(text, name).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? `, 'm'));
    expect(text).toMatch(
      new RegExp(
        `^fleetscope_build_info\\{version="${version.replace(/\./g, '\\.')}",revision="(?:[0-9a-f]{40}|unknown)",branch="[^"]+",node_version="${process.version}"\\} 1$`,
        'm',
      ),
    );
    const statuses = text.split('\n').filter((l) => l.startsWith('fleetscope_cluster_status{'));
    expect(statuses.filter((l) => l.endsWith(' 1')).sort()).toEqual([
      'fleetscope_cluster_status{cluster="gone",status="unreachable"} 1',
      expect.stringMatching(/^fleetscope_cluster_status\{cluster="prod-eu",status="(healthy|degraded|critical)"\} 1$/),
      expect.stringMatching(/^fleetscope_cluster_status\{cluster="slow",status="[a-z]+"\} 1$/),
    ]);
    // One series per status for each cluster, as kube-state-metrics does for phases.
    expect(statuses).toHaveLength(3 * 5);
    const lint = promtoolCheckMetrics(text);
    // promtool's one complaint is about prom-client's own gauge names (nodejs_active_*_total), which fleetscope keeps as every Node exporter has them.
    const complaints = lint.output.split('\n').filter((l) => l.trim() !== '');
    expect(complaints.filter((l) => !/^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/.test(l))).toEqual(
      [],
    );
  });

  it("lets a team's own Prometheus scrape it and alert on an unreachable cluster", async () => {
    prometheus = await startPrometheus(`
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: fleetscope
    static_configs:
      - targets: ['${new URL(app.url).host}']
`);
    const unreachable = await waitFor('fleetscope scraped', async () => {
      const result = await prometheus.query('fleetscope_cluster_status{status="unreachable"} == 1');
      return result.length > 0 && result;
    });
    expect(unreachable.map((r) => r.metric.cluster)).toEqual(['gone']);
    const build = await prometheus.query('fleetscope_build_info');
    expect(build.map((r) => [r.metric.version, r.metric.node_version, r.value[1]])).toEqual([[version, process.version, '1']]);
    expect((await prometheus.query('process_resident_memory_bytes{job="fleetscope"} > 0')).length).toBe(1);
  });
});
