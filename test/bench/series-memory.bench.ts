/**
 * What a federated series costs in memory, for the defaults of
 * `federation.maxSeries` and the scrape limits (docs/performance.md#scrape-limits-and-the-series-budget).
 *
 * 1. The whole server federating few and many simulated clusters (× ~10,000
 *    series, 5 s interval), each in a process of its own with the command's
 *    node flags and environment, measured after a full collection 25 s after the first round:
 *    the difference per series of RSS, V8's heap, and memory outside it
 *    (bodies, scan arrays).
 * 2. The heap one decoded series takes: a typical kube-state-metrics series,
 *    and one at the label limits (63 labels and the name, 256-byte names,
 *    4096-byte values, all distinct).
 *
 * Env: MEM_CLUSTERS ("4,40"), MEM_SERIES (10000).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { validateConfig } from '../../server/config/load';
import { startFleetscope } from '../../server/main';
import { readScrape } from '../../server/sources/federate/read-scrape';
import { commandEnv, commandNodeFlags } from '../helpers/command';
import { memoryLogger } from '../helpers/log';
import { sleep, startSimulator, stopAll } from './federation-support';

const SERIES = Number(process.env.MEM_SERIES ?? 10_000);

interface Measured {
  clusters: number;
  series: number;
  heapUsed: number;
  external: number;
  rss: number;
}

function collect(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') {
    gc();
    gc();
  }
}

/** One server federating `clusters` simulated clusters; prints its memory as one JSON line. */
async function child(clusters: number): Promise<void> {
  const children: ChildProcess[] = [];
  const sim = await startSimulator(clusters, SERIES, 5, children);
  const parsed = validateConfig({
    store: { path: ':memory:' },
    clusters: sim.urls.map((u) => ({ name: u.name, prometheus: { url: u.url, interval: '5s', timeout: '5s', match: ['{__name__=~".+"}'] } })),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const app = await startFleetscope({ config: parsed.config, logger: memoryLogger().logger, host: '127.0.0.1', port: 0, storePath: ':memory:' });
  await app.firstRound;
  await sleep(25_000);
  collect();
  const m = process.memoryUsage();
  const series = app.fleet.snapshot().clusters.reduce((n, c) => n + (c.prometheus?.sampleCount ?? 0), 0);
  const measured: Measured = { clusters, series, heapUsed: m.heapUsed, external: m.external, rss: m.rss };
  console.log(JSON.stringify(measured));
  await app.close();
  await stopAll(children);
}

function body(n: number, line: (i: number) => string): Buffer {
  return Buffer.from(Array.from({ length: n }, (_, i) => line(i)).join(''), 'utf8');
}

/** Heap per series of the name `m` decoded from `text` (built in another call, so no register keeps its string alive). */
function decoded(text: Buffer, n: number): { heap: number; keep: unknown } {
  collect();
  const before = process.memoryUsage().heapUsed;
  const read = readScrape(text, { labelling: { label: 'cluster', cluster: 'c', existing: 'rename' } });
  if (!read.ok) throw new Error(read.message);
  const keep = read.series.get('m');
  collect();
  return { heap: (process.memoryUsage().heapUsed - before) / n, keep };
}

const pad = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

async function main(): Promise<void> {
  const counts = (process.env.MEM_CLUSTERS ?? '4,40').split(',').map(Number);
  const runs: Measured[] = [];
  for (const clusters of counts) {
    const run = spawnSync(process.execPath, ['--expose-gc', ...commandNodeFlags(), '--import', 'tsx', fileURLToPath(import.meta.url), `--child=${clusters}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 300_000,
      env: { ...process.env, ...commandEnv() },
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`no figures from the run of ${clusters} clusters: ${run.stdout}`);
    const measured: Measured = JSON.parse(line);
    runs.push(measured);
  }
  const mib = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MiB`;
  console.log('| clusters | series | RSS | heap used | outside the heap |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of runs) console.log(`| ${r.clusters} | ${r.series} | ${mib(r.rss)} | ${mib(r.heapUsed)} | ${mib(r.external)} |`);
  const [few, many] = [runs[0]!, runs.at(-1)!];
  const per = (k: keyof Measured) => ((many[k] - few[k]) / (many.series - few.series)).toFixed(0);
  console.log(
    `per series, ${many.clusters} clusters against ${few.clusters}: RSS ${per('rss')} B, heap ${per('heapUsed')} B, outside the heap ${per('external')} B`,
  );

  const typical = body(
    20_000,
    (i) =>
      `m{namespace="payments",pod="api-7d9f8b6c5-${i}",uid="0c8f3b2a-1d4e-4f5a-9b6c-${String(i).padStart(12, '0')}",node="node-${i % 50}",container="api",image="registry.example/api:1.2.3",job="kube-state-metrics"} 1\n`,
  );
  const atLimits = body(200, (i) => `m{${Array.from({ length: 63 }, (_, k) => `${pad(`l${k}_`, 256)}="${pad(`${i}-${k}-`, 4096)}"`).join(',')}} 1\n`);
  const a = decoded(typical, 20_000);
  const b = decoded(atLimits, 200);
  console.log(
    `\ndecoded, heap per series: typical kube-state-metrics series (7 labels) ${a.heap.toFixed(0)} B (${(typical.length / 20_000).toFixed(0)} B of text)`,
  );
  console.log(
    `at the label limits (63 labels and the name, 256 B names, 4096 B values): ${b.heap.toFixed(0)} B (${(atLimits.length / 200).toFixed(0)} B of text)`,
  );
  void [a.keep, b.keep];
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) {
  await child(Number(childArg.slice('--child='.length)));
  // The simulator's and the server's sockets may linger past close; the figures are out.
  process.exit(0);
} else await main();
