/**
 * /wall soak: the wall open in real headless Chromium against fleetscope on
 * the demo fleet with scenarios firing fast, the page's JS heap (after a
 * forced garbage collection) sampled over time, and a verdict on its trend.
 *
 * Accelerated by volume, not by clock: the demo fleet is scraped every second
 * (production: 15 s), every cluster's everyday life runs ten times a second
 * (warning and normal events), a crash-loop storm repeats every 250 ms, and
 * statuses flip every few seconds (nodes NotReady and back, a blackout and
 * back: status transitions, firing and resolving alerts, source failures).
 * The stream is allowed 50 updates a second (default 2). The page turns a
 * panel and a cluster selection every 3 s and shifts its layout every 5 s.
 * What the page has applied (deltas, events, cluster updates) is counted in
 * the page and compared with what the same demo fleet sends a wall in a
 * production day (scrape 15 s, events every 15 s per cluster, 2 updates/s),
 * which gives the run's equivalent in days (by deltas applied) and the heap
 * slope per simulated day; 7 days of deltas take about two hours. The trend
 * is fitted to the heap's floor (the least sample of every 30 s), with a 95 %
 * margin: flat, growing, or too short a run to tell.
 *
 *   npm run bench -- wall-soak                          (5 minutes)
 *   BENCH_MINUTES=60 npm run bench -- wall-soak         (longer)
 *   BENCH_SAMPLE_S=5 BENCH_WINDOW_S=30                  (seconds between heap samples; the floor's window)
 */
import path from 'node:path';
import { build } from 'vite';
import { validateConfig } from '../../server/config/load';
import { startFleetscope } from '../../server/main';
import { DEMO_FLEET, startSimFleet } from '../../server/simulator/demo';
import type { ScenarioRequest } from '../../server/simulator/scenarios/runner';
import { launchChromium } from '../helpers/browser';
import { storeWithFlappingDay } from '../helpers/scripted-history';
import { memoryLogger } from '../helpers/server';
import { printTable } from './stream-support';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 5);
const SAMPLE_S = Number(process.env.BENCH_SAMPLE_S ?? 5);
/** The trend is fitted to the heap's floor: the least sample of each window (what a leak raises; which panel and selection happened to be on screen does not). */
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 30);
/** Samples taken before this are warm-up (first snapshot, code compiled, caches filling) and left out of the trend. */
const WARMUP_S = Math.min(30, (MINUTES * 60) / 5);

/** What the demo fleet sends one wall in a production day, counted in the page over the default settings (see docs/performance.md). */
const PRODUCTION_DAY = { deltas: 86_400 * 0.5, events: (86_400 / 15) * DEMO_FLEET.length, clusterUpdates: (86_400 / 15) * DEMO_FLEET.length };

const webRoot = path.resolve('dist/web-bench');
await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } });

const everyday: ScenarioRequest[] = DEMO_FLEET.map((c) => ({ scenario: 'ambient', cluster: c.name, params: { stepMs: 100, keepEvents: 200 } }));
const sim = await startSimFleet(DEMO_FLEET, {
  interval: '1s',
  scenarios: [...everyday, { scenario: 'crashloop-storm', cluster: 'prod-eu', params: { pods: 6, stepMs: 250 } }],
});
const checked = validateConfig({ ...sim.configDocument(), server: { stream: { maxUpdatesPerSecond: 50 } } });
if (!checked.ok) throw new Error(checked.problems.join('; '));

// A wall that has been up for days starts full: the store holds a day of flapping for every cluster (the strip's
// 288 transitions, its most), so the bounded buffers (strip, timeline, events, sparkline) are at their size from
// the start and what grows in the run is growth, not filling.
const seeded = await storeWithFlappingDay(DEMO_FLEET.map((c) => c.name));
const storePath = seeded.storePath;

const { logger } = memoryLogger();
const app = await startFleetscope({ logger, host: '127.0.0.1', port: 0, webRoot, config: checked.config, storePath });
await app.firstRound;

// Statuses that flip: prod-apac loses two nodes for 4 s of every 8 s; dev goes dark for 6 s of every 20 s.
let flips = 0;
const flipping = [
  { request: { scenario: 'node-not-ready', cluster: 'prod-apac', params: { nodes: 2 } }, onMs: 4000, periodMs: 8000 },
  { request: { scenario: 'blackout', cluster: 'dev' }, onMs: 6000, periodMs: 20_000 },
].map(({ request, onMs, periodMs }) =>
  setInterval(() => {
    const started = sim.scenarios.start(request);
    if (!started.ok) throw new Error(started.message);
    flips++;
    setTimeout(() => void sim.scenarios.stop(started.running.id).then(() => flips++), onMs).unref();
  }, periodMs),
);

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
// Counts what the page applies, without touching the app: every message its websocket receives, by type.
await context.addInitScript(() => {
  const counts = { delta: 0, snapshot: 0, events: 0, clusterUpdates: 0, opened: 0 };
  Object.assign(window, { __soak: counts });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      counts.opened++;
      this.addEventListener('message', (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as { type: string; events?: unknown[]; clusters?: unknown[] };
        if (message.type === 'delta') counts.delta++;
        if (message.type === 'snapshot') counts.snapshot++;
        counts.events += message.events?.length ?? 0;
        if (message.type === 'delta') counts.clusterUpdates += message.clusters?.length ?? 0;
      });
    }
  };
});
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable');
await page.goto(`${app.url}/wall?interval=3s&shift=5s&selections=env=prod;env!=prod`);
await page.waitForSelector('[data-testid="cluster-tile"] .word', { timeout: 30_000 });

interface Sample {
  s: number;
  heapMB: number;
  nodes: number;
  listeners: number;
  deltas: number;
  events: number;
  clusterUpdates: number;
  sockets: number;
}
const samples: Sample[] = [];
const started = Date.now();
const metric = (metrics: Array<{ name: string; value: number }>, name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
console.log(`soak: ${MINUTES} min, a heap sample every ${SAMPLE_S} s (after a forced GC), warm-up ${WARMUP_S} s left out of the trend`);
console.log('   t s   heap MB   DOM nodes  listeners   deltas   events  cluster updates  sockets');
try {
  while (Date.now() - started < MINUTES * 60_000) {
    await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const counts = (await page.evaluate(() => Reflect.get(window, '__soak'))) as { delta: number; events: number; clusterUpdates: number; opened: number };
    const sample: Sample = {
      s: Math.round((Date.now() - started) / 1000),
      heapMB: metric(metrics, 'JSHeapUsedSize') / 1024 ** 2,
      nodes: metric(metrics, 'Nodes'),
      listeners: metric(metrics, 'JSEventListeners'),
      deltas: counts.delta,
      events: counts.events,
      clusterUpdates: counts.clusterUpdates,
      sockets: counts.opened,
    };
    samples.push(sample);
    console.log(
      [
        String(sample.s).padStart(6),
        sample.heapMB.toFixed(2).padStart(9),
        String(sample.nodes).padStart(11),
        String(sample.listeners).padStart(10),
        String(sample.deltas).padStart(8),
        String(sample.events).padStart(8),
        String(sample.clusterUpdates).padStart(16),
        String(sample.sockets).padStart(8),
      ].join(''),
    );
  }
} finally {
  for (const timer of flipping) clearInterval(timer);
  await browser.close();
  await app.close();
  await sim.close();
  seeded.remove();
}

/** Least-squares slope of y over x and its standard error. */
function fit(points: ReadonlyArray<readonly [number, number]>): { slope: number; se: number } {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  if (sxx === 0 || n < 3) return { slope: 0, se: Infinity };
  const slope = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / sxx;
  const residuals = points.reduce((sum, [x, y]) => sum + (y - my - slope * (x - mx)) ** 2, 0);
  return { slope, se: Math.sqrt(residuals / (n - 2) / sxx) };
}

const trend = samples.filter((s) => s.s >= WARMUP_S);
const last = samples.at(-1);
if (trend.length < 3 || !last) throw new Error(`too few samples after the warm-up (${trend.length}): run longer`);
const first = trend[0]!;
const hours = (last.s - first.s) / 3600;
// The run's volume in production days, by the messages the page applied (each one through the reducer and a render);
// events are applied faster than that, tile updates slower (a scrape a second per cluster, ×15 only).
const daysBy = {
  deltas: (last.deltas - first.deltas) / PRODUCTION_DAY.deltas,
  events: (last.events - first.events) / PRODUCTION_DAY.events,
  clusterUpdates: (last.clusterUpdates - first.clusterUpdates) / PRODUCTION_DAY.clusterUpdates,
};
const days = daysBy.deltas;
/** Growth over 7 simulated days that still counts as none: a quarter of the page's 4 MB heap. */
const FLAT_MB_PER_WEEK = 1;
const windows = new Map<number, Sample[]>();
for (const x of trend) windows.set(Math.floor(x.s / WINDOW_S), [...(windows.get(Math.floor(x.s / WINDOW_S)) ?? []), x]);
const floor = [...windows.values()].map((w) => [w.reduce((sum, x) => sum + x.s, 0) / w.length / 3600, Math.min(...w.map((x) => x.heapMB))] as const);
const heap = fit(floor);
const perDay = (heap.slope * hours) / days;
const week = { growth: perDay * 7, margin: (2 * heap.se * hours * 7) / days };
const nodesPerDay = (fit(trend.map((x) => [x.s / 3600, x.nodes])).slope * hours) / days;
const heaps = trend.map((x) => x.heapMB);
const spread = Math.max(...heaps) - Math.min(...heaps);
// With 95 % confidence: the fitted growth over 7 simulated days is under the threshold (flat), over it (growing), or the run was too short to tell.
const verdict =
  week.growth + week.margin < FLAT_MB_PER_WEEK
    ? 'flat: no growth trend over the equivalent of 7 days'
    : week.growth - week.margin > FLAT_MB_PER_WEEK
      ? 'GROWING: the heap trends up'
      : 'inconclusive: the run is too short for its noise (BENCH_MINUTES=30 or more)';
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
printTable(`/wall soak on the demo fleet (${DEMO_FLEET.length} clusters), ${(hours * 60).toFixed(1)} min measured`, [
  [
    'applied by the page',
    `${last.deltas} deltas, ${last.events} events, ${last.clusterUpdates} cluster updates, ${flips} status flips driven, ${last.sockets} socket(s)`,
  ],
  ['one production day', `${PRODUCTION_DAY.deltas} deltas, ${PRODUCTION_DAY.events} events, ${PRODUCTION_DAY.clusterUpdates} cluster updates`],
  [
    'equivalent',
    `${days.toFixed(2)} production days of deltas (${(days / hours).toFixed(1)} per hour of run); events ${daysBy.events.toFixed(2)} days, tile updates ${daysBy.clusterUpdates.toFixed(2)} days`,
  ],
  ['JS heap after GC', `${first.heapMB.toFixed(2)} → ${last.heapMB.toFixed(2)} MB (spread ${spread.toFixed(2)} MB)`],
  ['heap floor', `${floor[0]?.[1].toFixed(2)} → ${floor.at(-1)?.[1].toFixed(2)} MB (least of each ${WINDOW_S} s, ${floor.length} windows)`],
  ['heap slope', `${heap.slope.toFixed(3)} ± ${(2 * heap.se).toFixed(3)} MB per hour of run, ${perDay.toFixed(3)} MB per simulated day`],
  ['DOM nodes', `${first.nodes} → ${last.nodes} (${nodesPerDay.toFixed(1)} per simulated day)`],
  ['over 7 simulated days', `${signed(week.growth)} ± ${week.margin.toFixed(2)} MB (95 %; flat means under ${FLAT_MB_PER_WEEK} MB)`],
  ['verdict', verdict],
]);
