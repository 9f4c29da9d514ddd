import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer, TEST_SCRAPE_INTERVAL_MS } from '../helpers/server';

/** What a person in front of the screen would check: every tile inside the screen, nothing to scroll. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const scroller = document.scrollingElement ?? document.documentElement;
    const tiles = [...document.querySelectorAll('[data-testid="cluster-tile"]')].map((tile) => {
      const box = tile.getBoundingClientRect();
      const name = tile.querySelector('h2');
      return {
        name: tile.getAttribute('data-cluster'),
        inside: box.left >= 0 && box.top >= 0 && box.right <= innerWidth + 0.5 && box.bottom <= innerHeight + 0.5,
        width: box.width,
        height: box.height,
        // The name must not be cut off.
        nameFits: name ? name.scrollWidth <= name.clientWidth + 1 : false,
        nameFontPx: name ? parseFloat(getComputedStyle(name).fontSize) : 0,
      };
    });
    return {
      scrolls: scroller.scrollHeight > innerHeight || scroller.scrollWidth > innerWidth,
      tiles,
    };
  });
}

describe('/wall in headless Chromium on the demo fleet', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestServer({ webRoot: TEST_WEB_ROOT });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const [width, height] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    it(`shows every cluster on one ${width}×${height} screen with nothing to scroll`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`${app.url}/wall?rotate=off`);
      const tiles = page.getByTestId('cluster-tile');
      await expect.poll(() => tiles.count()).toBe(DEMO_FLEET.length);
      await expect.poll(() => page.locator('[data-cluster="prod-us"] .word').textContent()).toBe('degraded');
      await expect.poll(() => page.locator('[data-cluster="prod-us"] .reasons').textContent()).toContain('2 of 10 nodes NotReady');
      // Status in three ways: colour (class), icon and word.
      expect(await page.locator('[data-cluster="prod-eu"] .icon').textContent()).toBe('✔');
      expect(await page.locator('[data-cluster="prod-eu"] .word').textContent()).toBe('healthy');
      expect(await page.getByTestId('connection').textContent()).toContain('live');
      await expect.poll(() => page.locator('[data-cluster="prod-eu"] [data-testid="sparkline"]').count(), { timeout: 10_000 }).toBe(1);
      const result = await layout(page);
      expect(result.scrolls).toBe(false);
      for (const tile of result.tiles) {
        expect(tile, `tile ${tile.name}`).toMatchObject({ inside: true, nameFits: true });
        // Readable from across the room: names at least 2.5 % of the screen height.
        expect(tile.nameFontPx).toBeGreaterThanOrEqual(height * 0.025);
      }
      expect(await page.getByTestId('wall-panel').getAttribute('data-panel')).toBe('health');
      await page.screenshot({ path: path.join(ARTIFACTS, `wall-${width}x${height}.png`) });
      await page.close();
    });
  }

  it('rotates the panels named in the URL and keeps only the selected clusters', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${app.url}/wall?rotate=3s&panels=events,health&clusters=env=prod`);
    await expect.poll(() => page.getByTestId('cluster-tile').count()).toBe(DEMO_FLEET.filter((c) => c.labels.env === 'prod').length);
    expect(await page.getByTestId('wall-panel').getAttribute('data-panel')).toBe('events');
    await expect.poll(() => page.getByTestId('wall-panel').getAttribute('data-panel'), { timeout: 6000 }).toBe('health');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-prod-only.png') });
    await page.goto(`${app.url}/wall?panels=weather`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('unknown panel "weather"');
    await page.close();
  });

  it('shows the clusters a kubectl-style selector picks, the same the report API picks', async () => {
    const selector = 'env in (prod, staging), region notin (us-east-1,us-west-2), name!=prod-apac';
    const health = (await (await fetch(`${app.url}/api/reports/health?selector=${encodeURIComponent(selector)}`)).json()) as {
      clusters: Array<{ cluster: string }>;
    };
    expect(health.clusters.map((c) => c.cluster)).toEqual(['prod-eu', 'staging-eu']);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${app.url}/wall?rotate=off&clusters=${encodeURIComponent(selector)}`);
    const shown = () => page.getByTestId('cluster-tile').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-cluster')));
    await expect.poll(shown).toEqual(['prod-eu', 'staging-eu']);
    await page.close();
  });

  it('turns a blacked-out cluster unreachable within two scrape intervals, the others unaffected', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${app.url}/wall?rotate=off`);
    await expect.poll(() => page.locator('[data-cluster="staging-eu"] .word').textContent()).toBe('healthy');
    const started = Date.now();
    await app.demo!.clusters.find((c) => c.name === 'staging-eu')!.setBlackout(true);
    await expect.poll(() => page.locator('[data-cluster="staging-eu"] .word').textContent(), { timeout: 15_000, interval: 100 }).toBe('unreachable');
    const tookMs = Date.now() - started;
    // Two scrape intervals, plus the 0.5 s update slot of the stream and 0.5 s for the browser.
    expect(tookMs).toBeLessThanOrEqual(2 * TEST_SCRAPE_INTERVAL_MS + 500 + 500);
    expect(await page.locator('[data-cluster="staging-eu"] .reasons').textContent()).toMatch(/unreachable/);
    expect(await page.locator('[data-cluster="prod-eu"] .word').textContent()).toBe('healthy');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-unreachable.png') });
    await app.demo!.clusters.find((c) => c.name === 'staging-eu')!.setBlackout(false);
    await page.close();
  });
});
