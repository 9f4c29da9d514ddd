/**
 * Sizing: the compiled fleetscope server (`dist/server/fleetscope.mjs`, as
 * the image runs it, with the `fleetscope` command's node flags) federating
 * N simulated clusters × M series at the default interval, for several N.
 * Printed per size: samples per second, CPU in cores (user + system from
 * /proc over the window, after two intervals of warm-up), RSS max and at the
 * end, and the requests and limits docs/deployment.md derives from them.
 * Nothing else loads the server (no wall, no API clients), as a hub
 * fleetscope spends most of its time.
 *
 * Env (or --name=value): SIZING_CLUSTERS ("10,50,100,200"), SIZING_SERIES
 * (10000), SIZING_INTERVAL_S (15), SIZING_SECONDS (60).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandEnv, commandNodeFlags, ROOT } from '../helpers/command';
import { freePort } from '../integration/federation-helpers';
import { cpuSeconds, ingestCounter, mib, rssBytes, setting, sleep, startSimulator, stopAll, waitUntil, writeFleetscopeConfig } from './federation-support';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SIZES = (flag('clusters') ?? process.env.SIZING_CLUSTERS ?? '10,50,100,200').split(',').map(Number);
const SERIES = Number(flag('series') ?? process.env.SIZING_SERIES ?? 10_000);
const INTERVAL_S = Number(flag('interval_s') ?? process.env.SIZING_INTERVAL_S ?? 15);
const SECONDS = Number(flag('seconds') ?? process.env.SIZING_SECONDS ?? setting('seconds', 60));
const POLL_MS = 3000;
const BUILD = path.join(ROOT, 'dist/server/fleetscope.mjs');

/** Requests and limits from a measurement: CPU at 1.5× the mean (rounded up to 50m, at least 100m), memory at 1.25× / 1.5× the peak (to 64 Mi). */
function suggest(cores: number, rssMax: number): { cpu: string; memoryRequest: string; memoryLimit: string } {
  const milli = Math.max(100, Math.ceil((cores * 1.5 * 1000) / 50) * 50);
  const mi = (factor: number) => `${Math.ceil((rssMax * factor) / 2 ** 20 / 64) * 64}Mi`;
  return { cpu: `${milli}m`, memoryRequest: mi(1.25), memoryLimit: mi(1.5) };
}

async function measure(clusters: number): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-sizing-'));
  const children: ChildProcess[] = [];
  try {
    const { urls, series } = await startSimulator(clusters, SERIES, INTERVAL_S, children);
    const port = await freePort();
    const config = path.join(dir, 'fleet.json');
    writeFleetscopeConfig(config, { port, store: path.join(dir, 'fleetscope.db'), urls, intervalS: INTERVAL_S });
    const server = spawn(process.execPath, [...commandNodeFlags(), BUILD, 'serve', '--config', config], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...commandEnv(), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    });
    children.push(server);
    const url = `http://127.0.0.1:${port}`;
    await waitUntil('fleetscope to finish its first round', async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true, 10 * 60_000);
    await sleep(2 * INTERVAL_S * 1000);
    const pid = server.pid ?? 0;
    const ingested = ingestCounter(url);
    await ingested.start();
    const cpu0 = cpuSeconds(pid);
    const started = Date.now();
    const rss: number[] = [];
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(POLL_MS);
      await ingested.poll();
      rss.push(rssBytes(pid));
    }
    const elapsed = (Date.now() - started) / 1000;
    const cores = (cpuSeconds(pid) - cpu0) / elapsed;
    const rssMax = Math.max(...rss);
    const s = suggest(cores, rssMax);
    return `| ${clusters} | ${series} | ${(clusters * series).toLocaleString('en-US')} | ${(ingested.samples / elapsed).toFixed(0)} | ${cores.toFixed(3)} | ${mib(rssMax)} | ${mib(rss.at(-1) ?? 0)} | ${s.cpu} | ${s.memoryRequest} | ${s.memoryLimit} |`;
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // Built each time (a second with esbuild), so the figures are of this checkout's server.
  if (spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'inherit' }).status !== 0 || !existsSync(BUILD))
    throw new Error('npm run build:server failed');
  console.log(
    `sizing: ${SIZES.join(', ')} clusters × ~${SERIES} series, every ${INTERVAL_S}s; ${SECONDS}s measured after 2 intervals; node ${commandNodeFlags().join(' ')}`,
  );
  const rows: string[] = [];
  for (const clusters of SIZES) {
    rows.push(await measure(clusters));
    console.log(rows.at(-1));
  }
  console.log('\n| clusters | series / cluster | series | samples / s | CPU (cores) | RSS max | RSS end | CPU request | memory request | memory limit |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

await main();
