/**
 * 100 websocket clients on a 100-cluster simulated fleet: fleetscope's CPU and
 * memory while it serves them, and whether its memory grows.
 *
 * Three processes, so the figures are fleetscope's alone: the simulated fleet
 * (100 Prometheus-only clusters, 5 s scrape interval), fleetscope, and this
 * process holding the clients. Every `BENCH_SAMPLE_S` fleetscope reports its
 * heap after a full GC and its RSS; CPU comes from /proc.
 *
 * The first `BENCH_WARMUP_S` (130 s) are not measured: fleetscope fills its
 * bounded structures then (the stream's change log; the cost report keeps a
 * fleet snapshot about a minute old to rate counters against, which takes two
 * minutes to reach its steady two snapshots).
 *
 *   npm run bench stream-clients                               (130 s warm-up + 60 s)
 *   BENCH_DURATION_S=600 npm run bench stream-clients          (the 10-minute run)
 *   BENCH_CLIENTS=200 BENCH_CLUSTERS=200 npm run bench stream-clients
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { printTable } from './stream-support';

const role = process.argv[2];
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 100);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 130);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60);
const SAMPLE_S = Number(process.env.BENCH_SAMPLE_S ?? 10);
const self = fileURLToPath(import.meta.url);

interface MemorySample {
  at: number;
  heapUsed: number;
  rss: number;
}

function isMemorySample(value: unknown): value is MemorySample {
  return (
    typeof value === 'object' && value !== null && 'heapUsed' in value && typeof value.heapUsed === 'number' && 'rss' in value && typeof value.rss === 'number'
  );
}

if (role === 'sim') {
  const { startManyClusters } = await import('../e2e/many-clusters');
  const { sim } = await startManyClusters(CLUSTERS, '5s');
  process.send?.({ config: sim.configDocument() });
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
} else if (role === 'server') {
  const { validateConfig } = await import('../../server/config/load');
  const { startFleetscope } = await import('../../server/main');
  const { createLogger } = await import('../../server/log');
  const { Writable } = await import('node:stream');
  const result = validateConfig(JSON.parse(readFileSync(process.env.BENCH_CONFIG ?? '', 'utf8')));
  if (!result.ok) throw new Error(result.problems.join('; '));
  // Logs kept anywhere would count against the heap being measured: drop them.
  const logger = createLogger({ level: 'warn', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  const app = await startFleetscope({ logger, host: '127.0.0.1', port: 0, config: result.config, webRoot: os.tmpdir() });
  await app.firstRound;
  process.send?.({ url: app.url });
  process.on('message', () => {
    globalThis.gc?.();
    const m = process.memoryUsage();
    process.send?.({ at: Date.now(), heapUsed: m.heapUsed, rss: m.rss });
  });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
} else {
  const children: ChildProcess[] = [];
  const start = (name: string, env: NodeJS.ProcessEnv = {}) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', self, name], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...env },
    });
    children.push(child);
    return child;
  };
  const first = <T>(child: ChildProcess, pick: (m: unknown) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`child exited with ${code}`));
      const onMessage = (m: unknown) => {
        const value = pick(m);
        if (value !== undefined) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(value);
        }
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  try {
    const sim = start('sim');
    const config = await first(sim, (m) => (typeof m === 'object' && m !== null && 'config' in m ? m.config : undefined));
    const configFile = path.join(os.tmpdir(), `fleetscope-bench-${process.pid}.json`);
    writeFileSync(configFile, JSON.stringify(config));
    const server = start('server', { BENCH_CONFIG: configFile });
    const url = await first(server, (m) => (typeof m === 'object' && m !== null && 'url' in m && typeof m.url === 'string' ? m.url : undefined));
    const pid = server.pid ?? 0;
    const cpuTicks = () => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return Number(fields[11]) + Number(fields[12]);
    };
    const ticksPerSecond = 100;

    let messages = 0;
    let bytes = 0;
    const sockets = await Promise.all(
      Array.from(
        { length: CLIENTS },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
            socket.on('message', (data: Buffer) => {
              messages++;
              bytes += data.length;
            });
            socket.once('open', () => resolve(socket));
            socket.once('error', reject);
          }),
      ),
    );
    console.log(`  ${CLIENTS} clients connected; warming up for ${WARMUP_S} s`);
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    const samples: MemorySample[] = [];
    const sample = () => {
      server.send('sample');
      return first(server, (m) => (isMemorySample(m) ? m : undefined)).then((m) => samples.push(m));
    };
    await sample();
    const t0 = Date.now();
    const cpu0 = cpuTicks();
    const m0 = messages;
    const b0 = bytes;
    while (Date.now() - t0 < DURATION_S * 1000) {
      await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
      await sample();
      const last = samples.at(-1);
      if (last)
        console.log(
          `  ${Math.round((Date.now() - t0) / 1000)} s: heap ${(last.heapUsed / 2 ** 20).toFixed(1)} MiB, rss ${(last.rss / 2 ** 20).toFixed(1)} MiB, open sockets ${sockets.filter((s) => s.readyState === WebSocket.OPEN).length}`,
        );
    }
    const seconds = (Date.now() - t0) / 1000;
    const cpu = (cpuTicks() - cpu0) / ticksPerSecond / seconds;
    const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    for (const s of sockets) s.terminate();

    // Growth: least-squares slope of the heap after GC over the measured run.
    const points = samples.map((s) => [(s.at - (samples[0]?.at ?? 0)) / 60_000, s.heapUsed / 2 ** 20] as const);
    const n = points.length;
    const mx = points.reduce((a, [x]) => a + x, 0) / n;
    const my = points.reduce((a, [, y]) => a + y, 0) / n;
    const slope = n > 1 ? points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0) : NaN;
    const firstSample = samples[0];
    const lastSample = samples.at(-1);
    printTable(`${CLIENTS} websocket clients on ${CLUSTERS} clusters (5 s scrape interval), ${Math.round(seconds)} s measured after ${WARMUP_S} s warm-up`, [
      ['fleetscope CPU', `${(cpu * 100).toFixed(1)} % of one core`],
      ['heap after GC, first → last', `${((firstSample?.heapUsed ?? 0) / 2 ** 20).toFixed(1)} → ${((lastSample?.heapUsed ?? 0) / 2 ** 20).toFixed(1)} MiB`],
      ['heap trend', `${slope.toFixed(3)} MiB/min`],
      ['RSS, first → last', `${((firstSample?.rss ?? 0) / 2 ** 20).toFixed(1)} → ${((lastSample?.rss ?? 0) / 2 ** 20).toFixed(1)} MiB`],
      ['messages to all clients', `${((messages - m0) / seconds).toFixed(1)} /s (${((messages - m0) / seconds / CLIENTS).toFixed(2)} per client per s)`],
      ['bytes to all clients', `${((bytes - b0) / seconds / 1024).toFixed(1)} KiB/s`],
      ['clients still connected', `${open} of ${CLIENTS}`],
    ]);
  } finally {
    for (const child of children) child.disconnect?.();
    await new Promise((r) => setTimeout(r, 1000));
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
