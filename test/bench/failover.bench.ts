/**
 * Failover: three `fleetscope serve` replicas on one PostgreSQL (started on
 * loopback by the test set-up), a webhook receiver that holds the first
 * request open (a delivery in flight), the leader killed with kill -9 then.
 * Printed per run: the time from the kill to the first notification
 * accepted from the new leader, and whether the receiver saw any key twice
 * accepted. The leader election has its defaults (10 s lease, 2 s retry).
 *
 * Env (or --runs=N): FAILOVER_RUNS (3).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimFleet } from '../../server/simulator/demo';
import { kill9, startServe, type ServeChild } from '../helpers/command';
import { startPostgres } from '../helpers/postgres';
import { waitFor } from '../helpers/server';
import { startChatServer, withTimeout } from '../integration/alerts-chat-server';
import { haConfig, leaderOf } from '../integration/ha-helpers';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(flag('runs') ?? process.env.FAILOVER_RUNS ?? 3);

async function once(): Promise<{ ms: number; duplicates: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-failover-'));
  const postgres = await startPostgres();
  const chat = await startChatServer();
  const sim = await startSimFleet([{ name: 'edge-1', labels: {}, version: 'v1.30.6', nodes: 2, podsPerNode: 2 }], { interval: '1s', prometheusOnly: true });
  let replicas: ServeChild[] = [];
  try {
    const configFile = path.join(dir, 'fleet.json');
    writeFileSync(
      configFile,
      JSON.stringify(haConfig({ clusters: withTimeout(sim.configDocument().clusters, '800ms'), postgresUrl: postgres.url, hook: `${chat.url}/hook` })),
    );
    replicas = await Promise.all([startServe(configFile), startServe(configFile), startServe(configFile)]);
    const leader = await waitFor('one leader', async () => (await leaderOf(replicas))[0], 30_000);
    chat.setMode('hang');
    await sim.clusters[0]!.setBlackout(true);
    await waitFor('a delivery in flight', () => chat.received.length >= 1, 30_000);
    await kill9(leader);
    const killed = performance.now();
    chat.setMode('ok');
    await waitFor('the notification from the new leader', () => chat.accepted().length >= 1, 60_000);
    const ms = performance.now() - killed;
    await new Promise((r) => setTimeout(r, 2000));
    const keys = chat.accepted().map((r) => String(r.headers['idempotency-key']));
    return { ms, duplicates: keys.length - new Set(keys).size };
  } finally {
    for (const r of replicas) await kill9(r);
    await sim.close();
    await chat.close();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Array<{ ms: number; duplicates: number }> = [];
for (let i = 0; i < RUNS; i++) {
  const r = await once();
  results.push(r);
  console.log(
    `run ${i + 1}: ${(r.ms / 1000).toFixed(1)} s from kill -9 of the leader to the first notification from the new one; duplicates accepted: ${r.duplicates}`,
  );
}
const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
console.log(
  `failover over ${RUNS} runs: median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(1)} s, max ${(sorted.at(-1)! / 1000).toFixed(1)} s (target ≤ 15 s); duplicates: ${results.reduce((n, r) => n + r.duplicates, 0)}`,
);
