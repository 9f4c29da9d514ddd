import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { prometheusConfigYaml } from '../../server/simulator/prometheus-config';
import { readScrape } from '../../server/sources/federate/read-scrape';
import { DEFAULT_MATCH } from '../../server/config/schema/prometheus';
import { federateUrl } from '../../server/sources/federate/scrape';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';
import { promtoolCheckMetrics, startPrometheus, type RealPrometheus } from './federation-helpers';

/**
 * A real Prometheus 2.42 per simulated cluster scrapes the simulator's
 * targets; its /federate and the simulator's own /federate must give
 * fleetscope the same series, and promtool must accept every exposition.
 */
let fleet: SimFleet;
const prometheuses: RealPrometheus[] = [];

beforeAll(async () => {
  fleet = await startSimFleet(
    [
      {
        name: 'prom-eu',
        labels: { region: 'eu-west-1' },
        version: 'v1.30.6',
        nodes: 3,
        podsPerNode: 3,
        notReadyNodes: 1,
        crashLoopPods: 2,
        // Every companion, so the real Prometheus stores each family (and Flux's exported_namespace) as the simulator says.
        companions: {
          velero: true,
          argocd: { outOfSync: ['checkout'] },
          flux: { suspended: ['apps'] },
          certManager: true,
          etcd: true,
          cilium: true,
          istio: true,
          gatekeeper: true,
          deprecatedApis: [{ group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', resource: 'flowschemas', removedRelease: '1.32' }],
        },
      },
      { name: 'prom-us', labels: { region: 'us-east-1' }, version: 'v1.27.16', nodes: 2, podsPerNode: 2, kubeletOverrides: { 1: 'v1.25.3' } },
    ],
    { scrapeIntervalMs: 1000 },
  );
  for (const cluster of fleet.clusters) {
    prometheuses.push(
      await startPrometheus(prometheusConfigYaml({ cluster: cluster.name, address: cluster.prometheusAddress, targets: cluster.prometheusTargets() })),
    );
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(prometheuses.map((p) => p.close()));
  await fleet?.close();
});

/** name{sorted labels} → value, as fleetscope's own parser reads a /federate body. */
function seriesOf(body: string, cluster: string): Map<string, number> {
  const read = readScrape(Buffer.from(body), { labelling: { label: 'cluster', cluster, existing: 'keep' } });
  if (!read.ok) throw new Error(`line ${read.line}: ${read.message}`);
  const out = new Map<string, number>();
  const series = read.series;
  for (const name of series.names()) {
    for (const { labels, value } of series.get(name) ?? []) {
      out.set(
        `${name}{${Object.keys(labels)
          .sort()
          .map((k) => `${k}=${JSON.stringify(labels[k])}`)
          .join(',')}}`,
        value,
      );
    }
  }
  return out;
}

const at = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? Reflect.get(v, k) : undefined), value);

/**
 * What promtool's lint says of the projects' own exposition, which the
 * simulator reproduces as they export it: Velero's gauge velero_backup_total,
 * istiod's OpenCensus-named counters without _total.
 */
const UPSTREAM_LINT = new Set([
  'velero_backup_total non-counter metrics should not have "_total" suffix',
  'pilot_xds_pushes counter metrics should have "_total" suffix',
  'pilot_total_xds_rejects counter metrics should have "_total" suffix',
]);

/** Series whose value the simulator moves with the clock (families.ts valueAt with perSecond). */
const MOVES_WITH_TIME =
  /^(container_cpu_usage_seconds_total|velero_backup_last_successful_timestamp|certmanager_certificate_(expiration|renewal)_timestamp_seconds|gatekeeper_audit_last_run_time|etcd_disk_wal_fsync_duration_seconds|pilot_xds_pushes|etcd_server_leader_changes_seen_total)/;

describe('the Prometheus side', () => {
  it('passes promtool check metrics on every target of a cluster', async () => {
    const cluster = fleet.clusters[0]!;
    const checked: string[] = [];
    for (const target of cluster.prometheusTargets().filter((t) => t.up)) {
      const url = new URL(`http://${cluster.prometheusAddress}${target.path}`);
      for (const [k, v] of Object.entries(target.params)) url.searchParams.set(k, v);
      const response = await fetch(url);
      expect(response.status, url.toString()).toBe(200);
      const body = await response.text();
      const result = promtoolCheckMetrics(body);
      const problems = result.output.split('\n').filter((line) => line.trim() && !UPSTREAM_LINT.has(line.trim()));
      expect(problems, `${url}`).toEqual([]);
      if (!problems.length && !result.output) expect(result.status).toBe(0);
      checked.push(target.job);
    }
    expect(new Set(checked)).toEqual(
      new Set([
        'kube-state-metrics',
        'apiserver',
        'kube-controller-manager',
        'kube-scheduler',
        'kubelet',
        'node-exporter',
        'velero',
        'argocd-metrics',
        'flux-system/flux-system',
        'cert-manager',
        'etcd',
        'cilium-agent',
        'istiod',
        'envoy-stats',
        'gatekeeper-audit',
      ]),
    );
  });

  it('compresses like Prometheus: deflate when asked "deflate, gzip", gzip when gzip comes first, plain otherwise', async () => {
    const cluster = fleet.clusters[0]!;
    // Series whose values do not move with time; timestamps stripped (a scrape tick may pass between requests).
    const url = federateUrl(cluster.federateUrl, ['{__name__=~"kube_node_.+"}']);
    const text = (body: Buffer) => body.toString().replace(/ \d+$/gm, '');
    const raw = (acceptEncoding: string) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        http
          .get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    const plain = await raw('identity');
    const deflated = await raw('deflate, gzip');
    const gzipped = await raw('gzip, deflate');
    expect([plain.encoding, deflated.encoding, gzipped.encoding]).toEqual([undefined, 'deflate', 'gzip']);
    expect(text(zlib.inflateSync(deflated.body))).toBe(text(plain.body));
    expect(text(zlib.gunzipSync(gzipped.body))).toBe(text(plain.body));
    expect(text(plain.body)).toContain('kube_node_info{');
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 5);
  });

  it('is scraped by a real Prometheus with up == 1 for every target of a Ready node, and 0 for the NotReady one', async () => {
    for (const [i, cluster] of fleet.clusters.entries()) {
      const prometheus = prometheuses[i]!;
      const targets = cluster.prometheusTargets();
      const up = await waitFor(`every target of ${cluster.name} scraped`, async () => {
        const result = await prometheus.query('up');
        return result.length === targets.length ? result : undefined;
      });
      const byInstance = new Map(up.map((r) => [`${r.metric.job} ${r.metric.instance}`, r.value[1]]));
      for (const target of targets)
        expect(byInstance.get(`${target.job} ${target.instance}`), `${cluster.name} ${target.job} ${target.instance}`).toBe(target.up ? '1' : '0');
      expect(up.every((r) => r.metric.cluster === undefined)).toBe(true);
    }
    expect(
      fleet.clusters[0]!.prometheusTargets()
        .filter((t) => !t.up)
        .map((t) => t.job)
        .sort(),
    ).toEqual(['cilium-agent', 'kubelet', 'node-exporter']);
  });

  it("gives fleetscope the same series from the real Prometheus' /federate as from the simulator's own", async () => {
    for (const [i, cluster] of fleet.clusters.entries()) {
      const prometheus = prometheuses[i]!;
      const own = seriesOf(await (await fetch(federateUrl(cluster.federateUrl, DEFAULT_MATCH))).text(), cluster.name);
      const real = await waitFor(`${cluster.name}'s Prometheus to hold every series`, async () => {
        const series = seriesOf(await (await fetch(federateUrl(`${prometheus.url}/federate`, DEFAULT_MATCH))).text(), cluster.name);
        return series.size >= own.size ? series : undefined;
      });
      // Same series, and in the same order: families by name, series by their labels.
      expect([...own.keys()]).toEqual([...real.keys()]);
      // Values agree too, except what moves with the clock: counters that grow, and the companions' timestamps (last backup, expiry, audit).
      for (const [key, value] of own) if (!MOVES_WITH_TIME.test(key)) expect(real.get(key), key).toBe(value);
      expect([...own.keys()].some((k) => k.startsWith('kube_node_info{') && k.includes(`cluster="${cluster.name}"`))).toBe(true);
    }
  });

  it('gives fleetscope the same health picture through either /federate', async () => {
    const health = async (urlOf: (i: number) => string) => {
      const result = validateConfig({
        clusters: fleet.clusters.map((c, i) => ({ name: c.name, prometheus: { url: urlOf(i), interval: '1s', timeout: '1s' } })),
      });
      if (!result.ok) throw new Error(result.problems.join('; '));
      const app = await startTestServer({ config: result.config });
      try {
        const body: unknown = await (await fetch(`${app.url}/api/clusters`)).json();
        const clusters: unknown = Reflect.get(Object(body), 'clusters');
        if (!Array.isArray(clusters)) throw new Error('no clusters');
        // What a user reads: status, reasons, node counts (not the fetch times).
        return clusters.map((c: unknown) => ({
          cluster: Reflect.get(Object(c), 'cluster'),
          status: Reflect.get(Object(c), 'status'),
          reasons: Reflect.get(Object(c), 'reasons'),
          nodes: Reflect.get(Object(c), 'nodes'),
        }));
      } finally {
        await app.close();
      }
    };
    const direct = await health((i) => fleet.clusters[i]!.federateUrl);
    const viaPrometheus = await health((i) => `${prometheuses[i]!.url}/federate`);
    expect(viaPrometheus).toEqual(direct);
    expect(direct.find((c) => c.cluster === 'prom-eu')).toMatchObject({ status: 'degraded', nodes: { total: 3, ready: 2 } });
  });

  it("agrees with the cluster's Kubernetes API: same nodes, same kubelet versions, same pods", async () => {
    const cluster = fleet.clusters[1]!;
    const own = seriesOf(await (await fetch(federateUrl(cluster.federateUrl, ['kube_node_info']))).text(), cluster.name);
    const fromMetrics = [...own.keys()].map((k) => [/node="([^"]+)"/.exec(k)![1], /kubelet_version="([^"]+)"/.exec(k)![1]]).sort();
    const fromApi = cluster.kube.store.list('nodes').map((n) => [n.metadata.name, at(n, 'status', 'nodeInfo', 'kubeletVersion')]);
    expect(fromMetrics).toEqual(fromApi);
    expect(fromApi).toEqual([
      ['prom-us-node-000', 'v1.27.16'],
      ['prom-us-node-001', 'v1.25.3'],
    ]);
    const podInfo = seriesOf(await (await fetch(federateUrl(cluster.federateUrl, ['kube_pod_info']))).text(), cluster.name);
    const podsFromMetrics = [...podInfo.keys()]
      .map((k) => `${/namespace="([^"]+)"/.exec(k)![1]}/${/pod="([^"]+)"/.exec(k)![1]} ${/node="([^"]+)"/.exec(k)![1]}`)
      .sort();
    const podsFromApi = cluster.kube.store
      .list('pods')
      .map((p) => `${p.metadata.namespace}/${p.metadata.name} ${String(at(p, 'spec', 'nodeName'))}`)
      .sort();
    expect(podsFromMetrics).toEqual(podsFromApi);
    expect(podsFromApi).toHaveLength(4);
  });
});
