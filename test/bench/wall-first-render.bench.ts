/**
 * /wall: JavaScript shipped (gzip) and time to first complete render in real
 * headless Chromium, the store holding 24 hours of status history for every
 * cluster. Targets: first render with 100 clusters ≤ 1 s,
 * JavaScript ≤ 300 kB gzip.
 *
 * "First complete render" = from navigation start until every cluster tile
 * shows a status word (so the grid is laid out and measured) and the
 * connection says live (read in the page with
 * performance.now(), i.e. since the navigation began). Each load uses a fresh
 * browser context (cold cache).
 *
 *   npm run bench -- wall-first-render                     (100 simulated clusters, 10 loads)
 *   BENCH_CLUSTERS=0 BENCH_LOADS=20 npm run bench -- wall-first-render   (the demo fleet)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { startFleetscope } from '../../server/main';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { startManyClusters } from '../e2e/many-clusters';
import { launchChromium } from '../helpers/browser';
import { FLAPPING_DAY_TRANSITIONS, storeWithFlappingDay } from '../helpers/scripted-history';
import { memoryLogger } from '../helpers/server';
import { percentile, printTable } from './stream-support';

const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 100);

const webRoot = path.resolve('dist/web-bench');
await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } });

// What /wall loads: the scripts index.html references, plus the chunks they import statically.
const index = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
const entry = [...index.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1] ?? '');
const preloads = [...index.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1] ?? '');
const wallFiles = [...new Set([...entry, ...preloads])];
const gzip = (file: string) => gzipSync(readFileSync(path.join(webRoot, file))).length;
const wallBytes = wallFiles.reduce((sum, f) => sum + gzip(f), 0);

const { logger } = memoryLogger();
const many = CLUSTERS > 0 ? await startManyClusters(CLUSTERS) : null;
// A wall that has been up a day: 24 hours of flapping every 5 minutes for every cluster (the strip's and the timeline's most).
const names = many ? many.config.clusters.map((c) => c.name) : DEMO_FLEET.map((c) => c.name);
const history = await storeWithFlappingDay(names);
const app = await startFleetscope({ logger, host: '127.0.0.1', port: 0, webRoot, config: many?.config, demoInterval: '5s', storePath: history.storePath });
await app.firstRound;
const expected = app.fleet.snapshot().clusters.length;
const browser = await launchChromium();
const times: number[] = [];
try {
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/wall`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      (count) => {
        const words = document.querySelectorAll('[data-testid="cluster-tile"] .word');
        const live = document.querySelector('[data-testid="connection"]')?.textContent?.includes('live');
        return words.length === count && live ? performance.now() : false;
      },
      expected,
      { polling: 'raf', timeout: 15_000 },
    );
    times.push(Math.round(Number(await handle.jsonValue())));
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  await many?.sim.close();
  history.remove();
}
times.sort((a, b) => a - b);
printTable(`/wall on ${expected} clusters at 1920×1080, 24 h of history (${names.length * FLAPPING_DAY_TRANSITIONS} transitions)`, [
  ['JavaScript for /wall (gzip)', `${(wallBytes / 1024).toFixed(1)} kB in ${wallFiles.length} file(s)  (target ≤ 300 kB)`],
  ['loads', String(LOADS)],
  ['first complete render p50', `${percentile(times, 0.5)} ms`],
  ['first complete render p95', `${percentile(times, 0.95)} ms  (target ≤ 1000 ms)`],
  ['first complete render max', `${times.at(-1) ?? 'n/a'} ms`],
]);
