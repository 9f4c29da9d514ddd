/**
 * Kubernetes event created in a simulated cluster → visible in /wall in real
 * headless Chromium. Target: p99 ≤ 250 ms.
 *
 * Path measured: simulated API server → watch → fleetscope event ring →
 * /ws delta → reducer → React render → DOM. The page records, with a
 * MutationObserver, the moment each event's row appears; the clock is the
 * same machine's.
 *
 *   npm run bench stream-event-latency            (60 events)
 *   BENCH_EVENTS=500 npm run bench stream-event-latency
 */
import path from 'node:path';
import { build } from 'vite';
import { startFleetscope } from '../../server/main';
import { launchChromium } from '../helpers/browser';
import { memoryLogger } from '../helpers/server';
import { percentile, printTable } from './stream-support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 60);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 700);
const runId = Date.now().toString(36);

const webRoot = path.resolve('dist/web-bench');
await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } });
const { logger } = memoryLogger();
const app = await startFleetscope({ logger, host: '127.0.0.1', port: 0, webRoot, demoInterval: '5s' });
await app.firstRound;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${app.url}/wall?panels=events&rotate=off`);
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent?.includes('live'));
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    Object.assign(window, { seenEvents: seen });
    new MutationObserver(() => {
      const at = Date.now();
      for (const row of document.querySelectorAll('[data-event-id]')) {
        const id = row.getAttribute('data-event-id');
        if (id && !(id in seen)) seen[id] = at;
      }
    }).observe(document.body, { subtree: true, childList: true });
  });
  // Let the event watches settle after their initial list.
  await new Promise((r) => setTimeout(r, 2000));

  const clusters = app.demo?.clusters ?? [];
  const latencies: number[] = [];
  let missed = 0;
  for (let i = 0; i < EVENTS; i++) {
    const cluster = clusters[i % clusters.length];
    if (!cluster) break;
    const name = `bench-${i}.${Date.now().toString(16)}`;
    // fleetscope merges repeats per object and reason: the id names both.
    const id = `${cluster.name}/default/Pod/bench-pod-${i}-${runId}/BackOff`;
    const created = Date.now();
    cluster.kube.createEvent({
      namespace: 'default',
      name,
      involvedObject: { kind: 'Pod', name: `bench-pod-${i}-${runId}`, namespace: 'default' },
      reason: 'BackOff',
      message: `bench event ${i}`,
      type: 'Warning',
    });
    const seenAt = await page
      .waitForFunction((key) => (window as unknown as { seenEvents: Record<string, number> }).seenEvents[key], id, { polling: 10, timeout: 5000 })
      .then((handle) => handle.jsonValue())
      .catch(() => undefined);
    if (seenAt === undefined) missed++;
    else latencies.push(seenAt - created);
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  latencies.sort((a, b) => a - b);
  printTable('event created → row visible in /wall (Chromium)', [
    ['events', String(EVENTS)],
    ['not seen within 5 s', String(missed)],
    ['p50', `${percentile(latencies, 0.5)} ms`],
    ['p90', `${percentile(latencies, 0.9)} ms`],
    ['p99', `${percentile(latencies, 0.99)} ms  (target ≤ 250 ms)`],
    ['max', `${latencies.at(-1) ?? 'n/a'} ms`],
  ]);
} finally {
  await browser.close();
  await app.close();
}
