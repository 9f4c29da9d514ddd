import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetHealth } from '../../shared/health';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetSkew } from '../../shared/reports/skew';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { runCommand } from '../helpers/command';
import { startTestServer } from '../helpers/server';

const runCli = (args: string[]) => runCommand(args);

describe('GET /api/reports on the demo fleet', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves the health report as CSV, one row per cluster', async () => {
    const response = await fetch(`${app.url}/api/reports/health?format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('cluster,labels,status,nodes_ready,nodes_total,version,data_age,reasons');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(DEMO_FLEET.map((c) => c.name));
    const prodUs = lines.find((l) => l.startsWith('prod-us,'));
    expect(prodUs).toContain('2 of 10 nodes NotReady');
  });

  it('filters by cluster label and names the skew the demo carries', async () => {
    const skew = (await (await fetch(`${app.url}/api/reports/skew?selector=env=prod,region!=us-east-1`)).json()) as FleetSkew;
    expect(skew.clusters.map((c) => c.cluster)).toEqual(['prod-eu', 'prod-apac', 'legacy-batch']);
    const legacy = skew.clusters.find((c) => c.cluster === 'legacy-batch');
    expect(legacy?.findings.map((f) => f.message)).toContain(
      'kubelet v1.23.17 on legacy-batch-node-000 is 4 minors older than kube-apiserver 1.27 (at most 2 allowed)',
    );
    expect(legacy?.upgrade?.blockers.map((b) => `${b.component} ${b.subject}`)).toEqual(['kubelet legacy-batch-node-000', 'kube-proxy legacy-batch-node-000']);
  });

  it('reads a selector written the kubectl way, with "name" for the cluster name', async () => {
    const clusters = async (...selectors: string[]) => {
      const query = selectors.map((s) => `selector=${encodeURIComponent(s)}`).join('&');
      const response = await fetch(`${app.url}/api/reports/health?${query}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as FleetHealth).clusters.map((c) => c.cluster);
    };
    expect(await clusters('env in (prod, staging), region notin (us-east-1,us-west-2)')).toEqual(['prod-eu', 'prod-apac', 'staging-eu']);
    expect(await clusters('env!=prod')).toEqual(['staging-eu', 'dev']);
    expect(await clusters('!env')).toEqual([]);
    expect(await clusters('region', 'name in (dev,legacy-batch)')).toEqual(['dev', 'legacy-batch']);
  });

  it('prices the demo fleet with node capacity from kube-state-metrics', async () => {
    const cost = (await (await fetch(`${app.url}/api/reports/cost?cluster=dev`)).json()) as FleetCost;
    const dev = cost.clusters[0];
    // dev: 3 × m5.xlarge (4 cores, 16 GiB) at OpenCost defaults = 3 × (4 × 0.031611 + 16 × 0.004237) per hour
    expect(dev?.assets?.hourly.cpu).toBeCloseTo(3 * 4 * 0.031611, 6);
    expect(dev?.assets?.hourly.memory).toBeCloseTo(3 * 16 * 0.004237, 6);
    expect(dev?.allocated?.hourly.total).toBeGreaterThan(0);
    expect(cost.fleet[0]?.currency).toBe('USD');
  });

  it('offers Markdown downloads and refuses bad requests clearly', async () => {
    const md = await fetch(`${app.url}/api/reports/skew?format=md&download=1`);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toMatch(/^attachment; filename="?fleetscope-skew-\d{8}T\d{4}Z\.md"?$/);
    expect(await md.text()).toMatch(/^# Version skew\n/);
    const badFormat = await fetch(`${app.url}/api/reports/health?format=xlsx`);
    expect(badFormat.status).toBe(400);
    expect(await badFormat.json()).toEqual({ error: 'format: must be one of json, csv, md (got "xlsx")' });
    const badKind = await fetch(`${app.url}/api/reports/budget`);
    expect(badKind.status).toBe(404);
    const badSelector = await fetch(`${app.url}/api/reports/health?selector=${encodeURIComponent('env in (prod')}`);
    expect(badSelector.status).toBe(400);
    expect((await badSelector.json()) as unknown).toEqual({ error: 'selector: column 13 of "env in (prod": expected "," or ")", found the end' });
    const health = (await (await fetch(`${app.url}/api/reports/health`)).json()) as FleetHealth;
    expect(health.clusters).toHaveLength(DEMO_FLEET.length);
  });
});

describe('fleetscope report (the CLI, on the demo fleet)', () => {
  it('collects once and prints the cost report as CSV', async () => {
    const { code, stdout, stderr } = await runCli(['report', 'cost', '--format', 'csv', '--rate-window', '0']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'level,cluster,namespace,workload,currency,cpu_hourly,memory_hourly,gpu_hourly,storage_hourly,total_hourly,daily,monthly,efficiency,node_cost_monthly,idle_monthly,allocated_share,idle_share,cpu_basis,memory_basis,workload_basis',
    );
    // One round (--rate-window 0) has no earlier counter to rate: the CSV says CPU was charged by requests.
    for (const line of lines.filter((l) => l.startsWith('cluster,'))) expect(line).toMatch(/,requests,(requests|"max\(request, usage\)"),$/);
    expect(
      new Set(
        lines
          .slice(1)
          .filter((l) => l.startsWith('cluster,'))
          .map((l) => l.split(',')[1]),
      ),
    ).toEqual(new Set(DEMO_FLEET.map((c) => c.name)));
  });

  it('rates CPU usage with a second scrape after --rate-window, and says so in the CSV', async () => {
    const { code, stdout } = await runCli(['report', 'cost', '--format', 'csv', '--rate-window', '3s']);
    expect(code).toBe(0);
    const clusters = stdout.split('\r\n').filter((l) => l.startsWith('cluster,'));
    expect(clusters.length).toBeGreaterThan(0);
    for (const line of clusters) expect(line).toMatch(/,"max\(request, usage\)","max\(request, usage\)",$/);
    const bad = await runCli(['report', 'cost', '--rate-window', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('--rate-window: must be a duration such as 30s or 1m, or 0 (got "soon")\n');
  });

  it('filters with --selector as the API does, and names a selector it cannot read', async () => {
    const { code, stdout } = await runCli(['report', 'health', '--format', 'csv', '--selector', 'env in (prod, staging), region notin (us-east-1,us-west-2)']);
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['prod-eu', 'prod-apac', 'staging-eu']);
    const bad = await runCli(['report', 'health', '--selector', 'env notin prod']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('--selector: column 11 of "env notin prod": expected "(", found "prod"\n');
  });

  it('exits 3 for CI when --fail-on is given and the report shows such a problem', async () => {
    // dev runs Kubernetes 1.32, past its end of life (2026-02-28).
    const { code, stdout, stderr } = await runCli(['report', 'skew', '--format', 'csv', '--selector', 'env=dev', '--fail-on', 'critical']);
    expect(code).toBe(3);
    expect(stderr).toBe('fleetscope report: skew shows critical problems (--fail-on critical)\n');
    expect(stdout.split('\r\n')[1]).toMatch(/^dev,critical,eol_past,kube-apiserver,dev,v1\.32\.0,Kubernetes 1\.32 reached end of life on 2026-02-28/);
  });

  it('exits 2 with a sentence on a report it does not know', async () => {
    const { code, stderr, stdout } = await runCli(['report', 'budget']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('report needs one of health, cost, skew, hygiene, availability (got "budget")\n');
  });
});
