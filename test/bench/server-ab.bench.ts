/**
 * A/B of two fleetscope servers federating the same simulated clusters at
 * the same time (no Prometheus): what one change does to CPU per sample and
 * RSS. Runs of one build on this shared machine move by 10–25 % from one
 * hour to the next; two servers measured over the same window move
 * together (one A/A run agreed within 1 %), so their ratio is what to read,
 * though a pair still spreads by several percent from run to run: repeat it.
 *
 * Env (or --name=value): FED_CLUSTERS (100), FED_SERIES (10000),
 * FED_INTERVAL_S (15), FED_SECONDS (180); AB_A_FLAGS and AB_B_FLAGS: node
 * flags of each server (default: A the `fleetscope` command's, B none);
 * AB_A_ENV and AB_B_ENV: `NAME=value …` set for each (default: A the
 * command's environment, as its shebang sets it, B none);
 * AB_B_DIR: a checkout to run B from (default: this one), e.g. a
 * `git worktree` of another commit with this node_modules linked in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandEnv, commandNodeFlags, ROOT } from '../helpers/command';
import { freePort } from '../integration/federation-helpers';
import { cpuSeconds, ingestCounter, mib, rssBytes, setting, sleep, startSimulator, stopAll, waitUntil, writeFleetscopeConfig } from './federation-support';

const CLUSTERS = setting('clusters', 100);
const SERIES = setting('series', 10_000);
const INTERVAL_S = setting('interval_s', 15);
const SECONDS = setting('seconds', 180);
const flags = (value: string | undefined, fallback: string[]) => (value === undefined ? fallback : value.split(/\s+/).filter(Boolean));
const environment = (value: string | undefined, fallback: Record<string, string>) =>
  value === undefined ? fallback : Object.fromEntries(flags(value, []).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
const SIDES = [
  { name: 'A', flags: flags(process.env.AB_A_FLAGS, commandNodeFlags()), env: environment(process.env.AB_A_ENV, commandEnv()), dir: ROOT },
  {
    name: 'B',
    flags: flags(process.env.AB_B_FLAGS, []),
    env: environment(process.env.AB_B_ENV, {}),
    dir: process.env.AB_B_DIR ? path.resolve(process.env.AB_B_DIR) : ROOT,
  },
];

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-ab-'));
  const children: ChildProcess[] = [];
  try {
    console.log(`A/B: ${CLUSTERS} clusters × ~${SERIES} series, every ${INTERVAL_S}s; measured window ${SECONDS}s after 5 intervals`);
    for (const side of SIDES)
      console.log(
        `${side.name}: ${Object.entries(side.env)
          .map(([k, v]) => `${k}=${v} `)
          .join('')}node ${side.flags.join(' ')} ${path.join(side.dir, 'server/fleetscope.mjs')} serve`,
      );
    const { urls } = await startSimulator(CLUSTERS, SERIES, INTERVAL_S, children);
    const servers = [];
    for (const side of SIDES) {
      const port = await freePort();
      const config = path.join(dir, `fleet-${side.name}.json`);
      writeFleetscopeConfig(config, { port, store: path.join(dir, `fleetscope-${side.name}.db`), urls, intervalS: INTERVAL_S });
      const child = spawn(process.execPath, [...side.flags, path.join(side.dir, 'server/fleetscope.mjs'), 'serve', '--config', config], {
        cwd: side.dir,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ...side.env, LOG_LEVEL: 'warn' },
      });
      children.push(child);
      servers.push({ ...side, pid: child.pid ?? 0, url: `http://127.0.0.1:${port}` });
    }
    for (const s of servers) await waitUntil(`server ${s.name} to finish its first round`, async () => (await fetch(`${s.url}/readyz`)).ok, 10 * 60_000);
    // Past the first rounds (every line new) and the first rates against the minute-old snapshot.
    await sleep(5 * INTERVAL_S * 1000);
    const measured = servers.map((s) => ({ ...s, ingested: ingestCounter(s.url), cpu0: cpuSeconds(s.pid), rss: [] as number[] }));
    for (const m of measured) await m.ingested.start();
    const started = Date.now();
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(3000);
      for (const m of measured) {
        await m.ingested.poll();
        m.rss.push(rssBytes(m.pid));
      }
    }
    const rows = measured.map((m) => ({ ...m, perSample: ((cpuSeconds(m.pid) - m.cpu0) * 1e6) / m.ingested.samples, rssMax: Math.max(...m.rss) }));
    console.log(`\nmeasured ${((Date.now() - started) / 1000).toFixed(0)}s`);
    console.log('| server | node flags | CPU µs / sample | samples in window | RSS max |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of rows)
      console.log(`| ${r.name} | ${r.flags.join(' ') || '(none)'} | ${r.perSample.toFixed(3)} | ${r.ingested.samples} | ${mib(r.rssMax)} |`);
    const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
    console.log(`| ratio B / A | | ${(b.perSample / a.perSample).toFixed(3)}× | | ${(b.rssMax / a.rssMax).toFixed(2)}× |`);
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
