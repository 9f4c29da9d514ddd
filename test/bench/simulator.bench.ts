/**
 * Simulator benchmark: what the simulator itself needs to serve a fleet of
 * BENCH_CLUSTERS clusters × BENCH_SERIES federated series each.
 *
 * The fleet runs in a child process (this file with `child`), so its memory
 * (RSS from /proc) and CPU (utime+stime from /proc) are the simulator's
 * alone; this process only scrapes it. Figures:
 *   - start: wall time, RSS;
 *   - first /federate round (builds and caches every cluster's layout): CPU, RSS after;
 *   - steady rounds (every cluster's /federate once per scrape tick, as a
 *     fleetscope polling every cluster does): CPU per round, and what that
 *     is as a share of one core at a 15 s interval;
 *   - one /metrics (kube-state-metrics) round.
 *
 * Env: BENCH_CLUSTERS (100), BENCH_SERIES (10000), BENCH_ROUNDS (3),
 * BENCH_WITH_API=1 also starts every cluster's Kubernetes API (HTTPS, objects),
 * BENCH_ACCEPT_ENCODING ("deflate, gzip" as fleetscope asks; "gzip"; "identity" for none).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MATCH } from '../../server/config/schema/prometheus';
import { startSimFleet } from '../../server/simulator/demo';
import { scaleSpecs, seriesCount } from '../../server/simulator/scale';
import { federateUrl } from '../../server/sources/federate/scrape';

const TICK_MS = 2000;
/** What the scraper asks for; fleetscope asks "deflate, gzip". BENCH_ACCEPT_ENCODING=identity measures without compression. */
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? 'deflate, gzip';

async function child(): Promise<void> {
  const [clusters, series] = process.argv.slice(3).map(Number);
  const specs = scaleSpecs({ clusters: clusters!, seriesPerCluster: series!, namePrefix: 'bench' });
  const started = Date.now();
  const fleet = await startSimFleet(specs, { prometheusOnly: process.env.BENCH_WITH_API !== '1', scrapeIntervalMs: TICK_MS });
  process.stdout.write(
    `${JSON.stringify({ startMs: Date.now() - started, series: seriesCount(specs[0]!), federate: fleet.clusters.map((c) => c.federateUrl), metrics: fleet.clusters.map((c) => c.metricsUrl) })}\n`,
  );
  // "heap" on stdin: collect garbage and answer the live heap (what the fleet really keeps).
  process.stdin.on('data', (chunk: Buffer) => {
    if (!chunk.toString().includes('heap')) return;
    const gc: unknown = Reflect.get(globalThis, 'gc');
    if (typeof gc === 'function') gc();
    process.stdout.write(`${JSON.stringify({ heapUsed: process.memoryUsage().heapUsed })}\n`);
  });
  process.stdin.on('end', () => void fleet.close().then(() => process.exit(0)));
}

/** CPU seconds (user+system) and RSS bytes of a process, from /proc. */
function usage(pid: number): { cpuS: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  const cpuS = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuS, rssBytes: Number(rss?.[1] ?? 0) * 1024 };
}

async function fetchAll(urls: readonly string[], concurrency = 8): Promise<number> {
  let bytes = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const body = await (await fetch(url, { headers: { 'accept-encoding': ACCEPT_ENCODING } })).arrayBuffer();
        bytes += body.byteLength;
      }
    }),
  );
  return bytes;
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const clusters = Number(process.env.BENCH_CLUSTERS ?? 100);
  const series = Number(process.env.BENCH_SERIES ?? 10_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const sim = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), 'child', String(clusters), String(series)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const lines: string[] = [];
    let partial = '';
    sim.stdout.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
    });
    const nextLine = async (): Promise<unknown> => {
      const deadline = Date.now() + 300_000;
      while (lines.length === 0) {
        if (sim.exitCode !== null) throw new Error(`simulator exited with ${sim.exitCode}`);
        if (Date.now() > deadline) throw new Error('simulator did not answer within 5 minutes');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return JSON.parse(lines.shift()!);
    };
    const liveHeap = async (): Promise<number> => {
      sim.stdin.write('heap\n');
      const answer = await nextLine();
      const heap: unknown = answer && typeof answer === 'object' ? Reflect.get(answer, 'heapUsed') : undefined;
      return typeof heap === 'number' ? heap : NaN;
    };
    const started: unknown = await nextLine();
    const info = {
      startMs: Number(Reflect.get(Object(started), 'startMs')),
      series: Number(Reflect.get(Object(started), 'series')),
      federate: [...(Reflect.get(Object(started), 'federate') ?? [])].map(String),
      metrics: [...(Reflect.get(Object(started), 'metrics') ?? [])].map(String),
    };
    const pid = sim.pid!;
    const afterStart = usage(pid);
    console.log(
      `simulator: ${clusters} clusters × ${info.series} series (${process.env.BENCH_WITH_API === '1' ? 'with' : 'without'} Kubernetes API; Accept-Encoding: ${ACCEPT_ENCODING})`,
    );
    console.log(
      `  start            ${info.startMs} ms wall, ${afterStart.cpuS.toFixed(1)} s CPU, RSS ${mb(afterStart.rssBytes)}, live heap ${mb(await liveHeap())}`,
    );

    const urls = info.federate.map((u) => federateUrl(u, DEFAULT_MATCH));
    let before = usage(pid);
    let wall = Date.now();
    const bytes = await fetchAll(urls);
    let after = usage(pid);
    console.log(
      `  first /federate  ${(after.cpuS - before.cpuS).toFixed(2)} s CPU, ${Date.now() - wall} ms wall, ${mb(bytes)} served (uncompressed), RSS ${mb(after.rssBytes)}, live heap ${mb(await liveHeap())} (layouts cached)`,
    );

    const steady: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Next scrape tick: every answer carries new timestamps and counter values.
      await new Promise((resolve) => setTimeout(resolve, TICK_MS - (Date.now() % TICK_MS) + 10));
      before = usage(pid);
      wall = Date.now();
      await fetchAll(urls);
      after = usage(pid);
      steady.push(after.cpuS - before.cpuS);
      console.log(`  steady round ${r + 1}   ${(after.cpuS - before.cpuS).toFixed(2)} s CPU, ${Date.now() - wall} ms wall, RSS ${mb(after.rssBytes)}`);
    }
    const perRound = steady.reduce((a, b) => a + b, 0) / Math.max(1, steady.length);
    console.log(
      `  => steady ${((perRound * 1000) / clusters).toFixed(1)} ms CPU per cluster per scrape; at a 15 s interval ${((perRound / 15) * 100).toFixed(1)} % of one core`,
    );

    before = usage(pid);
    wall = Date.now();
    const metricsBytes = await fetchAll(info.metrics);
    after = usage(pid);
    console.log(
      `  /metrics round   ${(after.cpuS - before.cpuS).toFixed(2)} s CPU, ${Date.now() - wall} ms wall, ${mb(metricsBytes)}, RSS ${mb(after.rssBytes)}, live heap ${mb(await liveHeap())}`,
    );
  } finally {
    sim.stdin.end();
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        sim.kill('SIGKILL');
        resolve(undefined);
      }, 10_000);
      sim.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }
}

if (process.argv[2] === 'child') await child();
else await main();
