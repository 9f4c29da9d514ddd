import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';
import { startManyClusters } from './many-clusters';

/** The smallest text the room must read: 28 px at 1920×1080, in proportion on other screens. */
const smallestAllowed = (height: number) => (28 * height) / 1080;

/**
 * Every visible text node of the page with the computed font size of its
 * element, the smallest first; and whether anything scrolls.
 */
async function measure(page: Page) {
  return page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts: Array<{ text: string; px: number; where: string }> = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const visible = [...range.getClientRects()].some(
        (r) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
      );
      if (!visible || getComputedStyle(element).visibility === 'hidden') continue;
      texts.push({ text, px: parseFloat(getComputedStyle(element).fontSize), where: element.className || element.tagName });
    }
    const scroller = document.scrollingElement ?? document.documentElement;
    const tiles = [...document.querySelectorAll('[data-testid="cluster-tile"]')];
    return {
      texts: texts.sort((a, b) => a.px - b.px),
      scrolls: scroller.scrollHeight > innerHeight || scroller.scrollWidth > innerWidth,
      outside: tiles.filter((t) => {
        const b = t.getBoundingClientRect();
        return b.left < 0 || b.top < 0 || b.right > innerWidth + 0.5 || b.bottom > innerHeight + 0.5;
      }).length,
      // The EOL / SKEW badges, and those cut off: not wholly inside every box between them and their tile.
      badges: document.querySelectorAll('[data-testid="tile-badge"]').length,
      cutBadges: [...document.querySelectorAll('[data-testid="tile-badge"]')]
        .filter((badge) => {
          const b = badge.getBoundingClientRect();
          const tile = badge.closest('[data-testid="cluster-tile"]');
          for (let box = badge.parentElement; box; box = box.parentElement) {
            const r = box.getBoundingClientRect();
            if (b.width === 0 || b.left < r.left - 0.5 || b.right > r.right + 0.5 || b.top < r.top - 0.5 || b.bottom > r.bottom + 0.5) return true;
            if (box === tile) break;
          }
          return false;
        })
        .map((badge) => badge.closest('[data-testid="cluster-tile"]')?.getAttribute('data-cluster')),
      // Tiles that do not say their status in a word nor in its icon (on the status line, or before the name when the
      // alert counts need the line), or hide a badge with nothing firing in its place.
      hiddenWords: tiles.filter((t) => {
        const seen = (e: Element | null | undefined) => {
          const r = e?.getBoundingClientRect();
          return !!r && r.width > 1 && r.height > 1;
        };
        const said = seen(t.querySelector('.word')) || [...t.querySelectorAll('.icon')].some(seen);
        const badgeLost = t.querySelector('.status[data-badge]') && !t.querySelector('[data-testid="tile-alerts"]') && !seen(t.querySelector('.status .badge'));
        return !said || badgeLost;
      }).length,
    };
  });
}

describe('/wall is readable from across the room', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const count of [6, 100]) {
    it(`sets no visible text under 28 px at 1920×1080 (56 px at 3840×2160) with ${count} clusters, every panel, nothing to scroll`, async () => {
      const many = count === 6 ? null : await startManyClusters(count);
      const app = await startTestServer({ webRoot: TEST_WEB_ROOT, ...(many ? { config: many.config } : {}) });
      try {
        for (const [width, height] of [
          [1920, 1080],
          [3840, 2160],
        ] as const) {
          const page = await browser.newPage({ viewport: { width, height } });
          for (const panel of ['health', 'alerts', 'changes', 'cost', 'skew', 'events', 'hygiene']) {
            await page.goto(`${app.url}/wall?playlist=${panel}`);
            await expect.poll(() => page.getByTestId('cluster-tile').count(), { timeout: 20_000 }).toBe(count);
            await expect.poll(() => page.locator('[data-status="unknown"]').count(), { timeout: 20_000 }).toBe(0);
            await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
            // The reports are in: the panel shows content, not "not yet".
            await expect.poll(() => page.locator('.panel-missing').count(), { timeout: 15_000 }).toBe(0);
            // Tiles are laid out once the grid has been measured (a frame after the first render).
            await expect.poll(async () => (await measure(page)).hiddenWords).toBe(0);
            const result = await measure(page);
            if (panel === 'health') await page.screenshot({ path: path.join(ARTIFACTS, `wall-readable-${count}-${width}x${height}.png`) });
            expect(result).toMatchObject({ scrolls: false, outside: 0, hiddenWords: 0 });
            // Clusters past end of life carry their badge, whole, at 100 clusters too.
            expect(result.badges, 'EOL / SKEW badges').toBeGreaterThan(0);
            expect(result.cutBadges, 'tiles whose badge is cut off').toEqual([]);
            const smallest = result.texts[0];
            expect(smallest, `${panel} panel`).toBeDefined();
            expect(smallest!.px, `smallest text on the ${panel} panel: ${JSON.stringify(smallest)}`).toBeGreaterThanOrEqual(smallestAllowed(height) - 0.1);
          }
          await page.close();
        }
      } finally {
        await app.close();
        await many?.sim.close();
      }
    });
  }

  it('fits 200 clusters on 1920×1080 with nothing to scroll', async () => {
    const { sim, config } = await startManyClusters(200);
    const app = await startTestServer({ webRoot: TEST_WEB_ROOT, config });
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${app.url}/wall?rotate=off`);
      await expect.poll(() => page.getByTestId('cluster-tile').count(), { timeout: 30_000 }).toBe(200);
      const result = await measure(page);
      await page.screenshot({ path: path.join(ARTIFACTS, 'wall-readable-200-1920x1080.png') });
      expect(result).toMatchObject({ scrolls: false, outside: 0 });
      await page.close();
    } finally {
      await app.close();
      await sim.close();
    }
  });
});
