/**
 * Event feed benchmark: 50 simulated API servers (HTTPS, list/watch), one
 * fleetscope watching them through a kubeconfig with the real client-node,
 * one /ws client.
 *
 * 1. Latency at a steady rate: events created round-robin across the fleet at
 *    BENCH_RATE/s for BENCH_SECONDS; for each, the time from the simulator
 *    writing it to the /ws client receiving it (p50, p99, max).
 * 2. Ingest throughput: BENCH_BURST events created at once; time until
 *    fleetscope has recorded every one (events/s).
 *
 * Simulator, fleetscope and client share this process (and its two cores),
 * so the figures include the simulator's own cost: an upper bound.
 *
 * Env: BENCH_CLUSTERS (50), BENCH_RATE (1000), BENCH_SECONDS (10), BENCH_BURST (20000).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { validateConfig } from '../../server/config/load';
import { createLogger } from '../../server/log';
import { startFleetscope } from '../../server/main';
import { startSimFleet } from '../../server/simulator/demo';
import type { ServerMessage } from '../../shared/protocol';
import { messageText } from '../helpers/ws-client';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BURST = Number(process.env.BENCH_BURST ?? 20_000);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const specs = Array.from({ length: CLUSTERS }, (_, i) => ({
    name: `bench-${String(i).padStart(2, '0')}`,
    labels: {},
    version: 'v1.30.6',
    nodes: 2,
    podsPerNode: 1,
  }));
  const sim = await startSimFleet(specs, { kube: { historyLimit: 50_000 } });
  const config = validateConfig({
    clusters: sim.clusters.map((c) => ({
      name: c.name,
      kubernetes: { kubeconfig: sim.kubeconfigPath, context: `sim-${c.name}`, eventRingSize: Math.max(1000, BURST) },
    })),
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  const app = await startFleetscope({ config: config.config, logger: createLogger({ level: 'warn' }), host: '127.0.0.1', port: 0, storePath: ':memory:' });
  await app.firstRound;
  console.log(`${CLUSTERS} simulated clusters watched in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const emittedAt = new Map<string, number>();
  const latencies: number[] = [];
  const socket = new WebSocket(`${app.url.replace('http', 'ws')}/ws`);
  socket.on('message', (data) => {
    const at = performance.now();
    const message = JSON.parse(messageText(data)) as ServerMessage;
    if (message.type !== 'delta') return;
    for (const event of message.events) {
      const started = emittedAt.get(event.involvedObject.name);
      if (started !== undefined) {
        latencies.push(at - started);
        emittedAt.delete(event.involvedObject.name);
      }
    }
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

  let serial = 0;
  const create = (track: boolean) => {
    const cluster = sim.clusters[serial % CLUSTERS]!;
    const name = `pod-${serial++}`;
    if (track) emittedAt.set(name, performance.now());
    cluster.kube.createEvent({
      namespace: 'payments',
      involvedObject: { kind: 'Pod', name, namespace: 'payments' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      type: 'Warning',
    });
  };

  // 1. Steady rate, in 10 ms ticks.
  const total = RATE * SECONDS;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      while (serial < due) create(true);
      if (serial >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  const deadline = performance.now() + 10_000;
  while (latencies.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `steady ${RATE} events/s across ${CLUSTERS} clusters for ${SECONDS} s: ${latencies.length}/${total} delivered on /ws; ` +
      `latency simulator→/ws p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms (target p99 ≤ 100 ms)`,
  );

  // 2. Ingest throughput.
  const recorded = () => app.fleet.events().length;
  const before = recorded();
  const burstStart = performance.now();
  for (let i = 0; i < BURST; i++) create(false);
  const createdMs = performance.now() - burstStart;
  const burstDeadline = performance.now() + 120_000;
  while (recorded() < before + BURST && performance.now() < burstDeadline) await new Promise((r) => setTimeout(r, 20));
  const ingestMs = performance.now() - burstStart;
  console.log(
    `burst of ${BURST} events: ${recorded() - before} recorded in ${(ingestMs / 1000).toFixed(2)} s (simulator writes took ${(createdMs / 1000).toFixed(2)} s) → ${Math.round(((recorded() - before) / ingestMs) * 1000)} events/s ingested`,
  );

  socket.close();
  await app.close();
  await sim.close();
}

await main();
