/**
 * Alerting benchmark.
 *
 * 1. One evaluation round over a synthetic fleet of BENCH_CLUSTERS clusters
 *    (each with BENCH_NODES nodes, 10 % NotReady, 2 crash-looping pods and 3
 *    federated ALERTS): rules, for/pending tracking, routing and grouping, and
 *    a flush — the pure core of every tick, no I/O. Figures: ms per round
 *    (median and max of BENCH_ROUNDS) and alerts held.
 * 2. The SQLite outbox (file in a temp dir, WAL, synchronous=FULL): commit
 *    latency of one flush transaction, then BENCH_NOTIFICATIONS notifications
 *    delivered to a local HTTP server: notifications/s end to end.
 *
 * Env: BENCH_CLUSTERS (200), BENCH_NODES (20), BENCH_ROUNDS (20), BENCH_NOTIFICATIONS (2000).
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDeliverer } from '../../server/alerts/deliver';
import { Dispatcher } from '../../server/alerts/dispatch';
import { buildRoute } from '../../server/alerts/route';
import { evaluateRules, forwardedAlerts } from '../../server/alerts/rules';
import { advance } from '../../server/alerts/tracker';
import { alertsConfig } from '../../server/config/schema/alerts';
import type { ClusterSnapshot } from '../../server/fleet/types';
import { createLogger } from '../../server/log';
import type { Sample } from '../../server/fleet/series';
import type { Notification, TrackedAlert } from '../../server/store/records';
import { openTestStore } from '../helpers/store';
import { inventoriesOf } from '../helpers/inventory';
import { scrapeOf } from '../helpers/scrape';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 200);
const NODES = Number(process.env.BENCH_NODES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 2000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function cluster(i: number, now: number): ClusterSnapshot {
  const name = `bench-${String(i).padStart(3, '0')}`;
  const samples: Sample[] = [];
  for (let n = 0; n < NODES; n++) {
    const ready = n % 10 !== 0;
    samples.push({
      name: 'kube_node_status_condition',
      labels: { cluster: name, node: `node-${n}`, condition: 'Ready', status: 'true' },
      value: ready ? 1 : 0,
      timestampMs: null,
    });
    samples.push({
      name: 'kube_node_status_condition',
      labels: { cluster: name, node: `node-${n}`, condition: 'Ready', status: 'false' },
      value: ready ? 0 : 1,
      timestampMs: null,
    });
  }
  for (let p = 0; p < 2; p++)
    samples.push({
      name: 'kube_pod_container_status_waiting_reason',
      labels: { cluster: name, namespace: 'shop', pod: `api-${p}`, container: 'api', reason: 'CrashLoopBackOff' },
      value: 1,
      timestampMs: null,
    });
  for (let a = 0; a < 3; a++)
    samples.push({
      name: 'ALERTS',
      labels: { cluster: name, alertname: `InCluster${a}`, alertstate: 'firing', severity: 'warning' },
      value: 1,
      timestampMs: null,
    });
  const series = scrapeOf(samples, { cluster: name });
  return {
    name,
    labels: {},
    prometheus: {
      lastAttempt: now,
      lastSuccess: now,
      lastDurationMs: 1,
      error: null,
      failures: {},
      series,
      sampleCount: samples.length,
      bytes: 0,
      duplicates: 0,
      staleAfterMs: 300_000,
    },
    kubernetes: null,
  };
}

async function evaluationRounds(): Promise<void> {
  const config = alertsConfig.parse({
    rules: { NodeNotReady: { for: '0s' }, PodCrashLooping: { for: '0s' } },
    route: { receiver: 'chat', group_by: ['cluster', 'alertname'], routes: [{ matchers: ['severity="critical"'], receiver: 'chat' }] },
    receivers: [{ name: 'chat', type: 'slack', url: 'http://127.0.0.1:1/x' }],
  });
  if (!config.route) throw new Error('the benchmark config has a route');
  const route = buildRoute(config.route);
  const dispatcher = new Dispatcher(route);
  const receivers = new Map([['chat', { sendResolved: true, maxAlerts: 20 }]]);
  let tracked = new Map<string, TrackedAlert>();
  const times: number[] = [];
  let notifications = 0;
  let id = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const now = 1_800_000_000_000 + round * 15_000;
    const snapshot = { clusters: Array.from({ length: CLUSTERS }, (_, i) => cluster(i, now)) };
    const t0 = performance.now();
    const inputs = { clusters: inventoriesOf(snapshot, now), now, externalUrl: 'http://fs', skew: null, costDays: new Map() };
    const candidates = [...evaluateRules(inputs, config.rules), ...forwardedAlerts(inputs)];
    const result = advance(tracked, candidates, { now, hold: () => false, resolvedRetentionMs: 3_600_000 });
    tracked = result.next;
    for (const a of result.changed) dispatcher.insert(a, now);
    notifications += dispatcher.flush({ now, silences: [], receivers, externalURL: 'http://fs', newId: () => `n${++id}` }).notifications.length;
    times.push(performance.now() - t0);
  }
  console.log(
    `evaluation round, ${CLUSTERS} clusters × ${NODES} nodes: median ${median(times).toFixed(1)} ms, first ${times[0]!.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${ROUNDS} rounds`,
  );
  console.log(`  ${tracked.size} alerts held, ${dispatcher.groupCount()} groups, ${notifications} notifications queued`);
}

function notification(i: number): Notification {
  return {
    id: `bench-${i}`,
    receiver: 'chat',
    groupKey: `g${i % 50}`,
    status: 'firing',
    groupLabels: {},
    commonLabels: { alertname: 'NodeNotReady' },
    commonAnnotations: {},
    counts: { firing: 3, resolved: 0 },
    clusters: ['bench-000'],
    truncatedAlerts: 0,
    externalURL: 'http://fs',
    createdAt: Date.now(),
    alerts: Array.from({ length: 3 }, (_, a) => ({
      fingerprint: `${i}-${a}`.padStart(16, '0'),
      labels: { alertname: 'NodeNotReady', cluster: 'bench-000', node: `node-${a}` },
      annotations: { summary: `Node node-${a} is NotReady` },
      startsAt: Date.now(),
      endsAt: null,
      generatorURL: '',
    })),
  };
}

async function outbox(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-bench-'));
  const store = openTestStore(path.join(dir, 'fleetscope.db'));
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const commits: number[] = [];
    for (let i = 0; i < NOTIFICATIONS; i++) {
      const t0 = performance.now();
      await store.commitFlush([{ groupKey: `g${i % 50}`, receiver: 'chat', firing: ['a', 'b', 'c'], resolved: [], sentAt: Date.now() }], [notification(i)]);
      commits.push(performance.now() - t0);
    }
    console.log(
      `outbox commit (log entry + notification, synchronous=FULL): median ${median(commits).toFixed(2)} ms, max ${Math.max(...commits).toFixed(1)} ms`,
    );
    const deliverer = createDeliverer({
      store,
      receivers: new Map([['chat', { name: 'chat', type: 'slack', url: `http://127.0.0.1:${port}/slack` }]]),
      maxAttempts: 3,
      initialBackoffMs: 100,
      maxBackoffMs: 1000,
      timeoutMs: 5000,
      logger: createLogger({ level: 'silent' }),
      now: Date.now,
    });
    const t0 = performance.now();
    while ((await deliverer.run()) > 0);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `delivery: ${received} of ${NOTIFICATIONS} notifications to a local Slack-shaped server in ${seconds.toFixed(1)} s = ${Math.round(received / seconds)} notifications/s (one receiver, in order)`,
    );
  } finally {
    server.closeAllConnections();
    server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await evaluationRounds();
await outbox();
