import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetHealth } from '../../shared/health';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';
import { ksmExposition, startHttp } from './federation-helpers';

/**
 * Hostile Prometheus servers of our own, scraped by the whole server: a body
 * of 2 million series, a line of 100,000 labels, a label name of 10 KB, a
 * label value of 1 MB; and a fleet over its series budget. Each is refused
 * with its kind and a message naming the limit, while a good cluster of the
 * same fleet stays on time, and memory stays bounded.
 */
const SERIES = 2_000_000;
const GOOD = ksmExposition([
  { name: 'n1', ready: true },
  { name: 'n2', ready: true },
]);

/** `count` lines of `huge{pod="p0000001"} 1` (23 bytes each: 46 MB), written as the client reads them, never held whole. */
function streamSeries(res: http.ServerResponse, count: number): void {
  const perChunk = 10_000;
  let next = 0;
  const pump = () => {
    while (next < count && !res.destroyed) {
      const lines: string[] = [];
      for (let k = 0; k < perChunk && next < count; k++, next++) lines.push(`huge{pod="p${String(next).padStart(7, '0')}"} 1\n`);
      if (!res.write(lines.join(''))) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

function prometheusOf(health: FleetHealth, cluster: string) {
  const found = health.clusters.find((c) => c.cluster === cluster)?.prometheus;
  if (!found) throw new Error(`no prometheus source for ${cluster}`);
  return found;
}

async function metric(base: string, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('scrape limits against hostile clusters', () => {
  let hostile: Awaited<ReturnType<typeof startHttp>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let hugeAnswers = 0;

  beforeAll(async () => {
    hostile = await startHttp((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      if (path === '/good/federate') return void res.end(GOOD);
      // A good answer first, so the cluster has data to keep; then 2 million series.
      if (path === '/huge/federate') return hugeAnswers++ === 0 ? void res.end(GOOD) : streamSeries(res, SERIES);
      if (path === '/labels/federate') return void res.end(`up 1\nwide{${Array.from({ length: 100_000 }, (_, i) => `l${i}="v"`).join(',')}} 1\n`);
      if (path === '/name/federate') return void res.end(`up 1\nlong_name{${'n'.repeat(10_240)}="v"} 1\n`);
      if (path === '/value/federate') return void res.end(`up 1\nlong_value{big="${'v'.repeat(1024 * 1024)}"} 1\n`);
      res.writeHead(404).end();
    });
    const cluster = (name: string, interval: string) => ({
      name,
      prometheus: { url: `${hostile.url}/${name}/federate`, interval, timeout: interval },
    });
    const config = validateConfig({
      clusters: [cluster('good', '1s'), cluster('huge', '2s'), cluster('labels', '2s'), cluster('name', '2s'), cluster('value', '2s')],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  });

  afterAll(async () => {
    await app?.close();
    await hostile?.close();
  });

  it('refuses 2 million series by sampleLimit, keeps the last good data, and the good cluster stays on time with memory bounded', async () => {
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const successes: number[] = [];
    const watch = setInterval(() => {
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
      const last = app.fleet.cluster('good')?.prometheus?.lastSuccess;
      if (last != null && last !== successes.at(-1)) successes.push(last);
    }, 50);
    try {
      // Two refused scrapes of the 2 million series.
      await waitFor('two refused scrapes of the huge cluster', () => (app.fleet.cluster('huge')?.prometheus?.failures.limit_exceeded ?? 0) >= 2, 30_000);
    } finally {
      clearInterval(watch);
    }
    const health = await json<FleetHealth>(`${app.url}/api/clusters`);
    const huge = prometheusOf(health, 'huge');
    expect(huge.ok).toBe(false);
    expect(huge.error?.kind).toBe('limit_exceeded');
    expect(huge.error?.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/huge\/federate\?match.*: line 200001: sampleLimit: about 2,000,000 samples, more than the limit of 200,000 \(the scan stopped at sample 200,001, byte 4,600,023 of 46,000,000\)$/,
    );
    // The health reason says the source answered and was refused, not that it is unreachable.
    const reason = health.clusters.find((c) => c.cluster === 'huge')?.reasons.find((r) => r.rule === 'prometheus_unreachable');
    expect(reason?.message).toMatch(/^Prometheus scrapes refused for \d+s: limit_exceeded: GET .*sampleLimit: about 2,000,000 samples/);
    // The last good scrape is kept: its series are still the cluster's.
    expect(app.fleet.cluster('huge')?.prometheus?.sampleCount).toBe(8);
    expect(await metric(app.url, 'fleetscope_scrape_samples{cluster="huge"}')).toBe(8);
    expect(await metric(app.url, 'fleetscope_source_failures_total{cluster="huge",source="prometheus",kind="limit_exceeded"}')).toBeGreaterThanOrEqual(2);

    const good = prometheusOf(health, 'good');
    expect(good).toMatchObject({ ok: true, error: null });
    // Every second or so, whatever the huge cluster sends (1 s interval ± 5 % jitter, a loaded machine's slack).
    const gaps = successes.slice(1).map((t, k) => t - successes[k]!);
    expect(successes.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...gaps)).toBeLessThan(2500);
    expect(Date.now() - (good.lastSuccess ?? 0)).toBeLessThan(2500);
    // 46 MB bodies in and out of the same process; nothing near the 2 million series' worth of memory.
    expect(rssMax - rssBefore).toBeLessThan(400 * 1024 * 1024);
  }, 60_000);

  it.each([
    ['labels', 'line 2: labelLimit: 100,001 labels (the metric name counted), more than the limit of 64: "wide{l0=\\"v\\",l1='],
    ['name', 'line 2: labelNameLengthLimit: a label name of 10,240 bytes, more than the limit of 256: "long_name{nnnn'],
    ['value', 'line 2: labelValueLengthLimit: the value of label "big" has 1,048,576 bytes, more than the limit of 4,096: "long_value{big='],
  ])('refuses the %s cluster with limit_exceeded, naming the limit', async (cluster, message) => {
    const health = await json<FleetHealth>(`${app.url}/api/clusters`);
    const source = prometheusOf(health, cluster);
    expect(source.error?.kind).toBe('limit_exceeded');
    expect(source.error?.message).toContain(`/${cluster}/federate`);
    expect(source.error?.message).toContain(message);
    expect(source.lastSuccess).toBeNull();
    expect(await metric(app.url, `fleetscope_source_failures_total{cluster="${cluster}",source="prometheus",kind="limit_exceeded"}`)).toBeGreaterThanOrEqual(1);
  });
});

describe('the fleet-wide series budget', () => {
  let prometheus: Awaited<ReturnType<typeof startHttp>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  const body = (cluster: string) => Array.from({ length: 20 }, (_, i) => `series_of_${cluster}{i="${i}"} 1\n`).join('');

  beforeAll(async () => {
    prometheus = await startHttp((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/first/federate') return void res.end(body('first'));
      // The second cluster answers later, so the first one's series are the fleet's when it comes.
      if (path === '/second/federate') return void setTimeout(() => res.end(body('second')), 300);
      res.writeHead(404).end();
    });
    const config = validateConfig({
      federation: { maxSeries: 30 },
      clusters: ['first', 'second'].map((name) => ({ name, prometheus: { url: `${prometheus.url}/${name}/federate`, interval: '1s', timeout: '1s' } })),
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  });

  afterAll(async () => {
    await app?.close();
    await prometheus?.close();
  });

  it('refuses the cluster that would take the fleet over the budget, and the other keeps working', async () => {
    const firstSuccess = app.fleet.cluster('first')?.prometheus?.lastSuccess ?? 0;
    await waitFor('two more scrapes of the first cluster', () => (app.fleet.cluster('first')?.prometheus?.lastSuccess ?? 0) > firstSuccess + 1500, 10_000);
    await waitFor('two refusals of the second', () => (app.fleet.cluster('second')?.prometheus?.failures.over_budget ?? 0) >= 2, 10_000);
    const health = await json<FleetHealth>(`${app.url}/api/clusters`);
    const second = prometheusOf(health, 'second');
    expect(second.error?.kind).toBe('over_budget');
    expect(second.error?.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/second\/federate\?match.*: federation\.maxSeries: this scrape's 20 series would bring the fleet to 40, more than its budget of 30$/,
    );
    expect(second.lastSuccess).toBeNull();
    expect(prometheusOf(health, 'first')).toMatchObject({ ok: true, error: null });
    expect(await metric(app.url, 'fleetscope_scrape_samples{cluster="first"}')).toBe(20);
    expect(await metric(app.url, 'fleetscope_scrape_samples{cluster="second"}')).toBeUndefined();
    expect(await metric(app.url, 'fleetscope_source_failures_total{cluster="second",source="prometheus",kind="over_budget"}')).toBeGreaterThanOrEqual(2);
    // The first cluster's series are on /federate; the second's are not.
    const federated = await (await fetch(`${app.url}/federate?match[]=${encodeURIComponent('{__name__=~"series_of_.+"}')}`)).text();
    expect(federated).toContain('series_of_first{cluster="first",i="19"} 1 ');
    expect(federated).not.toContain('series_of_second');
  });
});
