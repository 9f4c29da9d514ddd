/**
 * What the federation benchmarks share: settings, the simulator in its own
 * process, a fleetscope config for it, and per-process CPU and RSS read from
 * /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../helpers/command';

export const MATCH = '{__name__=~".+"}';
const TICKS = 100; // USER_HZ on Linux

/** A positive number from --name=value or FED_NAME, else `fallback`. */
export function setting(name: string, fallback: number): number {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = Number(flag ? flag.split('=')[1] : (process.env[`FED_${name.toUpperCase()}`] ?? fallback));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** User + system CPU seconds of a process, every thread. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

export const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;

export async function metricsText(url: string): Promise<string> {
  return (await fetch(url)).text();
}

/** `series → value` of one metric in exposition text. */
export function metricValues(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** Ends the children (the simulator when its stdin closes), then kills what is left. */
export async function stopAll(children: ChildProcess[]): Promise<void> {
  for (const child of [...children].reverse()) {
    if (child.stdin) child.stdin.end();
    if (child.exitCode === null && child.pid) child.kill('SIGTERM');
  }
  await sleep(1000);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts `clusters` simulated clusters × ~`series` series in their own process (see federation-sim.ts). */
export async function startSimulator(
  clusters: number,
  series: number,
  intervalS: number,
  children: ChildProcess[],
): Promise<{ urls: Array<{ name: string; url: string }>; series: number }> {
  const sim = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/bench/federation-sim.ts'), String(clusters), String(series), String(intervalS * 1000)],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  children.push(sim);
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: sim.stdout }).once('line', resolve);
    sim.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return JSON.parse(first) as { urls: Array<{ name: string; url: string }>; series: number };
}

/** Writes a fleetscope config that federates every simulated cluster at `intervalS`. */
export function writeFleetscopeConfig(
  file: string,
  options: { port: number; store: string; urls: Array<{ name: string; url: string }>; intervalS: number },
): void {
  const { port, store, urls, intervalS } = options;
  writeFileSync(
    file,
    JSON.stringify({
      server: { host: '127.0.0.1', port },
      store: { path: store },
      clusters: urls.map((u) => ({
        name: u.name,
        prometheus: { url: u.url, interval: `${intervalS}s`, timeout: `${Math.min(10, intervalS)}s`, match: [MATCH] },
      })),
    }),
  );
}

/**
 * Samples a fleetscope server has ingested, counted exactly from its /metrics:
 * each new last-success time of a cluster adds that scrape's sample count.
 */
export function ingestCounter(baseUrl: string): { start(): Promise<void>; poll(): Promise<void>; samples: number; scrapes: number } {
  let last = new Map<string, number>();
  const counter = {
    samples: 0,
    scrapes: 0,
    async start() {
      last = metricValues(await metricsText(`${baseUrl}/metrics`), 'fleetscope_source_last_success_timestamp_seconds');
    },
    async poll() {
      const text = await metricsText(`${baseUrl}/metrics`);
      const now = metricValues(text, 'fleetscope_source_last_success_timestamp_seconds');
      const samples = metricValues(text, 'fleetscope_scrape_samples');
      for (const [key, value] of now) {
        if (last.get(key) === value) continue;
        const cluster = /cluster="([^"]+)"/.exec(key)?.[1];
        counter.samples += samples.get(`fleetscope_scrape_samples{cluster="${cluster}"}`) ?? 0;
        counter.scrapes++;
      }
      last = now;
    },
  };
  return counter;
}
