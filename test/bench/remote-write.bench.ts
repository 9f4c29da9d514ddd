/**
 * Remote-write benchmark: fleetscope and a real Prometheus (Debian's
 * /usr/bin/prometheus) federate the same N simulated clusters × M series at
 * the same interval and remote-write every sample, each to a receiver of its
 * own (two more Prometheus processes with --web.enable-remote-write-receiver).
 * Printed for each: samples sent per second, samples sent per CPU second of
 * the whole process (federating and writing: "per core"), compressed bytes
 * sent per sample, and the ratios.
 *
 * CPU is read from /proc/PID/stat (user + system) over the measured window,
 * after a warm-up of two intervals; samples and bytes come from each one's
 * own /metrics: fleetscope_remote_write_samples_sent_total and
 * _bytes_sent_total, Prometheus' prometheus_remote_storage_samples_total and
 * prometheus_remote_storage_bytes_total. The receivers' CPU is not counted.
 *
 * Env (or --name=value): FED_CLUSTERS (20), FED_SERIES (2000),
 * FED_INTERVAL_S (5), FED_SECONDS (measured window, 60).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandNodeFlags, ROOT } from '../helpers/command';
import { freePort } from '../integration/federation-helpers';
import {
  cpuSeconds,
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

const CLUSTERS = setting('clusters', 20);
const SERIES = setting('series', 2000);
const INTERVAL_S = setting('interval_s', 5);
const SECONDS = setting('seconds', 60);

function startProm(dir: string, name: string, port: number, yaml: string, flags: string[], children: ChildProcess[]): ChildProcess {
  writeFileSync(path.join(dir, `${name}.yml`), yaml);
  const child = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${path.join(dir, `${name}.yml`)}`,
      `--storage.tsdb.path=${path.join(dir, `${name}-data`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...flags,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  children.push(child);
  return child;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function figures(url: string, samples: string, bytes: string): Promise<{ samples: number; bytes: number }> {
  const text = await metricsText(`${url}/metrics`);
  return { samples: sum(metricValues(text, samples)), bytes: sum(metricValues(text, bytes)) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-rwbench-'));
  const children: ChildProcess[] = [];
  try {
    console.log(`remote write: ${CLUSTERS} clusters × ~${SERIES} series, every ${INTERVAL_S}s; measured window ${SECONDS}s after 2 intervals of warm-up`);
    const { urls, series } = await startSimulator(CLUSTERS, SERIES, INTERVAL_S, children);
    console.log(`simulator ready: ${urls.length} clusters, ${series} series each in /federate`);

    const receiverFlags = ['--web.enable-remote-write-receiver'];
    const receiverYaml = 'global:\n  scrape_interval: 1m\n';
    const [fsReceiverPort, promReceiverPort, promPort, fsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    startProm(dir, 'fs-receiver', fsReceiverPort, receiverYaml, receiverFlags, children);
    startProm(dir, 'prom-receiver', promReceiverPort, receiverYaml, receiverFlags, children);

    const fsConfig = path.join(dir, 'fleet.json');
    writeFleetscopeConfig(fsConfig, { port: fsPort, store: path.join(dir, 'fleetscope.db'), urls, intervalS: INTERVAL_S });
    const document = JSON.parse(readFileSync(fsConfig, 'utf8')) as Record<string, unknown>;
    writeFileSync(fsConfig, JSON.stringify({ ...document, remoteWrite: [{ name: 'bench', url: `http://127.0.0.1:${fsReceiverPort}/api/v1/write` }] }));
    const fleetscope = spawn(process.execPath, [...commandNodeFlags(), path.join(ROOT, 'server/fleetscope.mjs'), 'serve', '--config', fsConfig], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    children.push(fleetscope);

    const targets = urls.map((u) => `'${new URL(u.url).host}'`).join(', ');
    const prometheus = startProm(
      dir,
      'prometheus',
      promPort,
      `global:\n  scrape_interval: ${INTERVAL_S}s\n  scrape_timeout: ${Math.min(10, INTERVAL_S)}s\nscrape_configs:\n  - job_name: federate\n    honor_labels: true\n    metrics_path: /federate\n    params:\n      'match[]': ['${MATCH}']\n    static_configs:\n      - targets: [${targets}]\nremote_write:\n  - url: http://127.0.0.1:${promReceiverPort}/api/v1/write\n`,
      [],
      children,
    );

    const fsUrl = `http://127.0.0.1:${fsPort}`;
    const promUrl = `http://127.0.0.1:${promPort}`;
    await waitUntil('fleetscope to finish its first round', async () => (await fetch(`${fsUrl}/readyz`)).ok, 10 * 60_000);
    await waitUntil(
      'Prometheus to remote-write',
      async () => (await figures(promUrl, 'prometheus_remote_storage_samples_total', 'prometheus_remote_storage_bytes_total')).samples > 0,
      10 * 60_000,
    );
    console.log(`both writing; warming up for ${2 * INTERVAL_S}s`);
    await sleep(2 * INTERVAL_S * 1000);

    const fsPid = fleetscope.pid ?? 0;
    const promPid = prometheus.pid ?? 0;
    const fsFigures = () => figures(fsUrl, 'fleetscope_remote_write_samples_sent_total', 'fleetscope_remote_write_bytes_sent_total');
    const promFigures = () => figures(promUrl, 'prometheus_remote_storage_samples_total', 'prometheus_remote_storage_bytes_total');
    const start = { fs: await fsFigures(), prom: await promFigures(), fsCpu: cpuSeconds(fsPid), promCpu: cpuSeconds(promPid) };
    const started = Date.now();
    const rss = { fs: 0, prom: 0 };
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(3000);
      rss.fs = Math.max(rss.fs, rssBytes(fsPid));
      rss.prom = Math.max(rss.prom, rssBytes(promPid));
    }
    const elapsed = (Date.now() - started) / 1000;
    const end = { fs: await fsFigures(), prom: await promFigures(), fsCpu: cpuSeconds(fsPid), promCpu: cpuSeconds(promPid) };
    const fsPending = sum(metricValues(await metricsText(`${fsUrl}/metrics`), 'fleetscope_remote_write_samples_pending'));

    const row = (name: string, samples: number, bytes: number, cpuS: number, rssMax: number) => ({
      name,
      rate: samples / elapsed,
      perCore: samples / cpuS,
      bytesPerSample: bytes / samples,
      cpuS,
      samples,
      rssMax,
    });
    const a = row('fleetscope', end.fs.samples - start.fs.samples, end.fs.bytes - start.fs.bytes, end.fsCpu - start.fsCpu, rss.fs);
    const b = row('prometheus', end.prom.samples - start.prom.samples, end.prom.bytes - start.prom.bytes, end.promCpu - start.promCpu, rss.prom);
    console.log(`\nmeasured ${elapsed.toFixed(0)}s; fleetscope samples still pending at the end: ${fsPending}`);
    console.log('| process | samples sent / s | samples sent / CPU s | bytes / sample | CPU s in window | samples in window | RSS max |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of [a, b])
      console.log(
        `| ${r.name} | ${r.rate.toFixed(0)} | ${r.perCore.toFixed(0)} | ${r.bytesPerSample.toFixed(2)} | ${r.cpuS.toFixed(2)} | ${r.samples} | ${mib(r.rssMax)} |`,
      );
    console.log(
      `| ratio fleetscope / prometheus | | ${(a.perCore / b.perCore).toFixed(2)}× | ${(a.bytesPerSample / b.bytesPerSample).toFixed(2)}× | | | ${(a.rssMax / b.rssMax).toFixed(2)}× |`,
    );
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
