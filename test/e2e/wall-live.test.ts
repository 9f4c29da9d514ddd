import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';
import { startManyClusters } from './many-clusters';

describe('/wall through a server restart and on a 100-cluster fleet', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('says the server is gone when it stops, and recovers by itself when it is back on the same port', async () => {
    let app = await startTestServer({ webRoot: TEST_WEB_ROOT });
    const port = Number(new URL(app.url).port);
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${app.url}/wall?rotate=off`);
      await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
      await expect.poll(() => page.getByTestId('cluster-tile').count()).toBe(6);
      expect(await page.getByTestId('offline-notice').count()).toBe(0);

      await app.close();
      await expect.poll(() => page.getByTestId('offline-notice').textContent(), { timeout: 10_000 }).toContain('server unreachable');
      expect(await page.getByTestId('connection').textContent()).toContain('offline');
      // What was last known stays visible under the notice, greyed.
      expect(await page.getByTestId('cluster-tile').count()).toBe(6);
      await page.screenshot({ path: path.join(ARTIFACTS, 'wall-offline.png') });

      app = await startTestServer({ webRoot: TEST_WEB_ROOT, port });
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 20_000 }).toContain('live');
      await expect.poll(() => page.getByTestId('offline-notice').count()).toBe(0);
      await expect.poll(() => page.locator('[data-cluster="prod-us"] .word').textContent()).toBe('degraded');
      await page.screenshot({ path: path.join(ARTIFACTS, 'wall-recovered.png') });
      await page.close();
    } finally {
      await app.close();
    }
  });

  it('fits 100 clusters on one screen at 1920×1080 and 3840×2160', async () => {
    const { sim, config } = await startManyClusters(100);
    const app = await startTestServer({ webRoot: TEST_WEB_ROOT, config });
    try {
      for (const [width, height] of [
        [1920, 1080],
        [3840, 2160],
      ] as const) {
        const page = await browser.newPage({ viewport: { width, height } });
        await page.goto(`${app.url}/wall?rotate=off`);
        await expect.poll(() => page.getByTestId('cluster-tile').count(), { timeout: 20_000 }).toBe(100);
        await expect.poll(() => page.locator('[data-status="unknown"]').count(), { timeout: 20_000 }).toBe(0);
        const result = await page.evaluate(() => {
          const scroller = document.scrollingElement ?? document.documentElement;
          const boxes = [...document.querySelectorAll('[data-testid="cluster-tile"]')].map((t) => t.getBoundingClientRect());
          const words = [...document.querySelectorAll('[data-testid="cluster-tile"] .word')].map((w) => w.getBoundingClientRect());
          return {
            scrolls: scroller.scrollHeight > innerHeight || scroller.scrollWidth > innerWidth,
            outside: boxes.filter((b) => b.left < 0 || b.top < 0 || b.right > innerWidth + 0.5 || b.bottom > innerHeight + 0.5).length,
            hiddenWords: words.filter((w) => w.height === 0 || w.width === 0).length,
            smallest: Math.min(...boxes.map((b) => b.height)),
          };
        });
        await page.screenshot({ path: path.join(ARTIFACTS, `wall-100-clusters-${width}x${height}.png`) });
        expect(result).toMatchObject({ scrolls: false, outside: 0, hiddenWords: 0 });
        expect(result.smallest).toBeGreaterThan(height / 20);
        await page.close();
      }
    } finally {
      await app.close();
      await sim.close();
    }
  });
});
