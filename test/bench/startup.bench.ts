/**
 * Start-up of the compiled server (`npm run build`, run from a production
 * install with no development dependency) against the sources run through tsx
 * (the `fleetscope` command in a development checkout), both serving the demo
 * fleet: time until it listens, until /readyz says ready, CPU spent getting
 * there, and RSS at ready and after a settling time. The two are started in
 * turn, alternating, so both see the same machine; medians of the runs.
 *
 * FED_RUNS (5), FED_SETTLE_S (20): seconds after ready before the second RSS
 * (or --runs=N, --settle_s=S when run with node --import tsx directly).
 */
import { spawn } from 'node:child_process';
import { commandNodeFlags, ROOT } from '../helpers/command';
import { productionInstall } from '../helpers/production-install';
import { cpuSeconds, mib, rssBytes, setting, sleep, stopAll, waitUntil } from './federation-support';

const RUNS = setting('runs', 5);
const SETTLE_S = setting('settle_s', 20);

interface Side {
  readonly name: string;
  readonly dir: string;
  readonly entry: string;
}

interface Run {
  listenMs: number;
  readyMs: number;
  cpuS: number;
  rssReady: number;
  rssSettled: number;
}

async function once(side: Side): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [...commandNodeFlags(), side.entry, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    cwd: side.dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  try {
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /running at (http:\/\/[^/\s]+)/.exec(stderr);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`${side.name} exited with ${code}: ${stderr}`)));
    });
    const listenMs = performance.now() - started;
    await waitUntil(`${side.name} ready`, async () => (await fetch(`${url}/readyz`)).ok, 120_000);
    const readyMs = performance.now() - started;
    const pid = child.pid ?? 0;
    const cpuS = cpuSeconds(pid);
    const rssReady = rssBytes(pid);
    await sleep(SETTLE_S * 1000);
    return { listenMs, readyMs, cpuS, rssReady, rssSettled: rssBytes(pid) };
  } finally {
    await stopAll([child]);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const install = productionInstall();
  try {
    const sides: Side[] = [
      { name: 'tsx (sources)', dir: ROOT, entry: 'server/fleetscope.mjs' },
      { name: 'compiled (dist, production install)', dir: install.dir, entry: 'dist/server/fleetscope.mjs' },
    ];
    console.log(`start-up of the demo fleet, ${RUNS} runs each, alternating; RSS again ${SETTLE_S}s after ready`);
    const runs = new Map<string, Run[]>(sides.map((s) => [s.name, []]));
    for (let i = 0; i < RUNS; i++) for (const side of i % 2 === 0 ? sides : [...sides].reverse()) runs.get(side.name)?.push(await once(side));
    console.log('| server | listening | ready | CPU to ready | RSS at ready | RSS settled |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const side of sides) {
      const r = runs.get(side.name) ?? [];
      const m = (pick: (run: Run) => number) => median(r.map(pick));
      console.log(
        `| ${side.name} | ${m((x) => x.listenMs).toFixed(0)} ms | ${m((x) => x.readyMs).toFixed(0)} ms | ${m((x) => x.cpuS).toFixed(2)} s | ${mib(m((x) => x.rssReady))} | ${mib(m((x) => x.rssSettled))} |`,
      );
    }
  } finally {
    install.close();
  }
}

await main();
