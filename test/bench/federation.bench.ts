/**
 * Federation benchmark: fleetscope and a real Prometheus (Debian's
 * /usr/bin/prometheus) federate the same N simulated clusters × M series at
 * the same interval, side by side, each in its own process. Printed: each
 * one's CPU per sample, samples per second and RSS, and the ratios
 * (target: fleetscope ≤ 0.5× Prometheus on CPU per sample and on RSS).
 *
 * The simulator runs in a third process. CPU is read from /proc/PID/stat
 * (user + system) over the measured window, after a warm-up of two
 * intervals; samples are counted exactly: for fleetscope from its /metrics
 * (each new last-success time of a cluster adds that scrape's samples), for
 * Prometheus from prometheus_tsdb_head_samples_appended_total. Both /metrics
 * are polled at the same rate.
 *
 * Env (or --name=value): FED_CLUSTERS (100), FED_SERIES (10000),
 * FED_INTERVAL_S (15), FED_SECONDS (measured window, 180: shorter windows
 * spread widely, against the minute-long cycles of rates and collections), FED_MODE
 * (`server`: the whole fleetscope server, reports and alerts included,
 * default; `engine`: the federation engine alone — scrapers, fleet state and
 * /metrics, as federation-engine.ts runs it — which is what Prometheus does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandEnv, commandNodeFlags, ROOT } from '../helpers/command';
import { freePort } from '../integration/federation-helpers';
import {
  cpuSeconds,
  ingestCounter,
  MATCH,
  metricsText,
  metricValues,
  mib,
  rssBytes,
  setting,
  sleep,
  startSimulator,
  stopAll,
  waitUntil,
  writeFleetscopeConfig,
} from './federation-support';

const CLUSTERS = setting('clusters', 100);
const SERIES = setting('series', 10_000);
const INTERVAL_S = setting('interval_s', 15);
const SECONDS = setting('seconds', 180);
const MODE = (process.argv.find((a) => a.startsWith('--mode='))?.split('=')[1] ?? process.env.FED_MODE ?? 'server') === 'engine' ? 'engine' : 'server';
const POLL_MS = 3000;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-fedbench-'));
  const children: ChildProcess[] = [];
  try {
    console.log(`fleetscope mode: ${MODE}; node ${commandNodeFlags().join(' ')}`);
    console.log(`federation: ${CLUSTERS} clusters × ~${SERIES} series, every ${INTERVAL_S}s; measured window ${SECONDS}s after 2 intervals of warm-up`);
    const { urls, series } = await startSimulator(CLUSTERS, SERIES, INTERVAL_S, children);
    console.log(`simulator ready: ${urls.length} clusters, ${series} series each in /federate`);

    const fsPort = await freePort();
    const fsConfig = path.join(dir, 'fleet.json');
    writeFleetscopeConfig(fsConfig, { port: fsPort, store: path.join(dir, 'fleetscope.db'), urls, intervalS: INTERVAL_S });
    // Node runs with the flags the `fleetscope` command (and npm start) gives it, in both modes.
    const command =
      MODE === 'engine'
        ? [...commandNodeFlags(), '--import', 'tsx', path.join(ROOT, 'test/bench/federation-engine.ts'), fsConfig, String(fsPort)]
        : [...commandNodeFlags(), path.join(ROOT, 'server/fleetscope.mjs'), 'serve', '--config', fsConfig];
    const fleetscope = spawn(process.execPath, command, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...commandEnv(), LOG_LEVEL: 'warn' },
    });
    children.push(fleetscope);

    const promPort = await freePort();
    const targets = urls.map((u) => `'${new URL(u.url).host}'`).join(', ');
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: ${INTERVAL_S}s\n  scrape_timeout: ${Math.min(10, INTERVAL_S)}s\nscrape_configs:\n  - job_name: federate\n    honor_labels: true\n    metrics_path: /federate\n    params:\n      'match[]': ['${MATCH}']\n    static_configs:\n      - targets: [${targets}]\n`,
    );
    const prometheus = spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'prom-data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    children.push(prometheus);

    const fsUrl = `http://127.0.0.1:${fsPort}`;
    const promUrl = `http://127.0.0.1:${promPort}`;
    await waitUntil('fleetscope to finish its first round', async () => (await fetch(`${fsUrl}/readyz`)).ok, 10 * 60_000);
    await waitUntil(
      'Prometheus to scrape every cluster',
      async () => {
        // Not `up`: with honor_labels the clusters' own federated `up` series mix in.
        const query = encodeURIComponent('count(scrape_samples_scraped{job="federate"} > 0)');
        const body = (await (await fetch(`${promUrl}/api/v1/query?query=${query}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
        return Number(body.data.result[0]?.value[1] ?? 0) === urls.length;
      },
      10 * 60_000,
    );
    console.log(`both federating; warming up for ${2 * INTERVAL_S}s`);
    await sleep(2 * INTERVAL_S * 1000);

    const fsPid = fleetscope.pid ?? 0;
    const promPid = prometheus.pid ?? 0;
    const ingested = ingestCounter(fsUrl);
    await ingested.start();
    const promStart = metricValues(await metricsText(`${promUrl}/metrics`), 'prometheus_tsdb_head_samples_appended_total');
    const cpu0 = { fs: cpuSeconds(fsPid), prom: cpuSeconds(promPid) };
    const started = Date.now();
    const rss = { fs: [] as number[], prom: [] as number[] };
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(POLL_MS);
      await ingested.poll();
      await metricsText(`${promUrl}/metrics`);
      rss.fs.push(rssBytes(fsPid));
      rss.prom.push(rssBytes(promPid));
    }
    const elapsed = (Date.now() - started) / 1000;
    const cpu = { fs: cpuSeconds(fsPid) - cpu0.fs, prom: cpuSeconds(promPid) - cpu0.prom };
    const promEnd = metricValues(await metricsText(`${promUrl}/metrics`), 'prometheus_tsdb_head_samples_appended_total');
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const promSamples = sum(promEnd) - sum(promStart);

    const row = (name: string, cpuS: number, samplesN: number, rssList: number[]) => {
      const perSample = samplesN > 0 ? (cpuS * 1e6) / samplesN : NaN;
      const rssMax = Math.max(...rssList);
      return { name, perSample, rate: samplesN / elapsed, cpuS, samplesN, rssMax, rssEnd: rssList.at(-1) ?? 0 };
    };
    const a = row('fleetscope', cpu.fs, ingested.samples, rss.fs);
    const b = row('prometheus', cpu.prom, promSamples, rss.prom);
    console.log(`\nmeasured ${elapsed.toFixed(0)}s; fleetscope saw ${ingested.scrapes} scrapes`);
    console.log('| process | CPU µs / sample | samples / s | CPU s in window | samples in window | RSS max | RSS end |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of [a, b])
      console.log(
        `| ${r.name} | ${r.perSample.toFixed(3)} | ${r.rate.toFixed(0)} | ${r.cpuS.toFixed(2)} | ${r.samplesN} | ${mib(r.rssMax)} | ${mib(r.rssEnd)} |`,
      );
    console.log(
      `| ratio fleetscope / prometheus | ${(a.perSample / b.perSample).toFixed(2)}× | | | | ${(a.rssMax / b.rssMax).toFixed(2)}× | ${(a.rssEnd / b.rssEnd).toFixed(2)}× |`,
    );
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
