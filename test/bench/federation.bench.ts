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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../integration/federation-helpers';

function setting(name: string, fallback: number): number {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = Number(flag ? flag.split('=')[1] : (process.env[`FED_${name.toUpperCase()}`] ?? fallback));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const CLUSTERS = setting('clusters', 100);
const SERIES = setting('series', 10_000);
const INTERVAL_S = setting('interval_s', 15);
const SECONDS = setting('seconds', 180);
const MODE = (process.argv.find((a) => a.startsWith('--mode='))?.split('=')[1] ?? process.env.FED_MODE ?? 'server') === 'engine' ? 'engine' : 'server';
const POLL_MS = 3000;
const MATCH = '{__name__=~".+"}';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TICKS = 100; // USER_HZ on Linux

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

async function metricsText(url: string): Promise<string> {
  return (await fetch(url)).text();
}

function metricValues(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.pid) child.kill('SIGTERM');
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-fedbench-'));
  const children: ChildProcess[] = [];
  try {
    console.log(`fleetscope mode: ${MODE}`);
    console.log(`federation: ${CLUSTERS} clusters × ~${SERIES} series, every ${INTERVAL_S}s; measured window ${SECONDS}s after 2 intervals of warm-up`);
    const sim = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/bench/federation-sim.ts'), String(CLUSTERS), String(SERIES), String(INTERVAL_S * 1000)], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    children.push(sim);
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: sim.stdout! }).once('line', resolve);
      sim.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    const { urls, series } = JSON.parse(first) as { urls: Array<{ name: string; url: string }>; series: number };
    console.log(`simulator ready: ${urls.length} clusters, ${series} series each in /federate`);

    const fsPort = await freePort();
    const fsConfig = path.join(dir, 'fleet.json');
    writeFileSync(
      fsConfig,
      JSON.stringify({
        server: { host: '127.0.0.1', port: fsPort },
        store: { path: path.join(dir, 'fleetscope.db') },
        clusters: urls.map((u) => ({ name: u.name, prometheus: { url: u.url, interval: `${INTERVAL_S}s`, timeout: `${Math.min(10, INTERVAL_S)}s`, match: [MATCH] } })),
      }),
    );
    const command =
      MODE === 'engine'
        ? ['--import', 'tsx', path.join(ROOT, 'test/bench/federation-engine.ts'), fsConfig, String(fsPort)]
        : [path.join(ROOT, 'server/fleetscope.mjs'), 'serve', '--config', fsConfig];
    const fleetscope = spawn(process.execPath, command, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
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
      [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'prom-data')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'],
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
    let lastSuccess = metricValues(await metricsText(`${fsUrl}/metrics`), 'fleetscope_source_last_success_timestamp_seconds');
    const promStart = metricValues(await metricsText(`${promUrl}/metrics`), 'prometheus_tsdb_head_samples_appended_total');
    const cpu0 = { fs: cpuSeconds(fsPid), prom: cpuSeconds(promPid) };
    const started = Date.now();
    let fsSamples = 0;
    let fsScrapes = 0;
    const rss = { fs: [] as number[], prom: [] as number[] };
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(POLL_MS);
      const text = await metricsText(`${fsUrl}/metrics`);
      await metricsText(`${promUrl}/metrics`);
      const now = metricValues(text, 'fleetscope_source_last_success_timestamp_seconds');
      const samples = metricValues(text, 'fleetscope_scrape_samples');
      for (const [key, value] of now) {
        if (lastSuccess.get(key) === value) continue;
        const cluster = /cluster="([^"]+)"/.exec(key)?.[1];
        fsSamples += samples.get(`fleetscope_scrape_samples{cluster="${cluster}"}`) ?? 0;
        fsScrapes++;
      }
      lastSuccess = now;
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
    const a = row('fleetscope', cpu.fs, fsSamples, rss.fs);
    const b = row('prometheus', cpu.prom, promSamples, rss.prom);
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
    console.log(`\nmeasured ${elapsed.toFixed(0)}s; fleetscope saw ${fsScrapes} scrapes`);
    console.log('| process | CPU µs / sample | samples / s | CPU s in window | samples in window | RSS max | RSS end |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of [a, b]) console.log(`| ${r.name} | ${r.perSample.toFixed(3)} | ${r.rate.toFixed(0)} | ${r.cpuS.toFixed(2)} | ${r.samplesN} | ${mib(r.rssMax)} | ${mib(r.rssEnd)} |`);
    console.log(`| ratio fleetscope / prometheus | ${(a.perSample / b.perSample).toFixed(2)}× | | | | ${(a.rssMax / b.rssMax).toFixed(2)}× | ${(a.rssEnd / b.rssEnd).toFixed(2)}× |`);
  } finally {
    for (const child of children.reverse()) {
      if (child.stdin) child.stdin.end();
      kill(child);
    }
    await sleep(1000);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
