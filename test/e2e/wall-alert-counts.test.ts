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
 * Every simulated minor is past its end of life (critical KubernetesReleaseEOL on every tile, with its EOL badge),
 * and a cluster with a NotReady node fires NodeNotReady (warning) at once: those tiles carry a badge and
 * firing alerts of two severities.
 */
const ALERTS = { alerts: { evaluationInterval: '1s', rules: { NodeNotReady: { for: '0s' } } } };

/**
 * For every tile with a badge and firing alerts of two severities: each count's number (its own text node), the
 * box it is drawn in, whether anything cuts it (wider than its box, or outside any box between it and its tile)
 * and its font size.
 */
async function alertCounts(page: Page) {
  return page.evaluate(() => {
    const inside = (r: DOMRect, box: DOMRect) =>
      r.width > 0 && r.height > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    // The tiles whose cluster fires alerts of two severities (the counts' tooltip names every one).
    const tiles = [...document.querySelectorAll('[data-testid="cluster-tile"]')].filter((t) =>
      t.querySelector('[data-testid="tile-alerts"]')?.getAttribute('title')?.includes(','),
    );
    return tiles.flatMap((tile) =>
      [...tile.querySelectorAll<HTMLElement>('[data-testid="tile-alerts"] > [class*="sev-"]')].map((count) => {
        const number = [...count.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && /^\d+$/.test(n.textContent ?? ''));
        const range = document.createRange();
        if (number) range.selectNodeContents(number);
        const numberBox = number ? range.getBoundingClientRect() : null;
        const countBox = count.getBoundingClientRect();
        // What cuts it, if anything: the count or its list narrower than their text, or a box it sticks out of.
        let cut: string | null = null;
        const list = count.parentElement;
        if (count.scrollWidth > count.clientWidth) cut = `its text is ${count.scrollWidth} px wide in ${count.clientWidth} px`;
        else if (list && list.scrollWidth > list.clientWidth) cut = `the counts are ${list.scrollWidth} px wide in ${list.clientWidth} px`;
        // The number's glyph box is taller than its line (line-height 1.1): across, it stays inside every box up to
        // the tile; up and down, inside the tile, which is what clips.
        for (let box: Element | null = count; box && !cut; box = box === tile ? null : box.parentElement) {
          const r = box.getBoundingClientRect();
          const across = numberBox && numberBox.width > 0 && numberBox.left >= r.left - 0.5 && numberBox.right <= r.right + 0.5;
          if (!across || (box !== count && !inside(countBox, r)) || (box === tile && !inside(numberBox, r)))
            cut = `it sticks out of ${box.className || box.tagName}`;
        }
        return {
          cluster: tile.getAttribute('data-cluster'),
          badge: tile.querySelector('[data-testid="tile-badge"]')?.textContent ?? null,
          fit: list?.getAttribute('data-fit') ?? null,
          lines: tile.getAttribute('data-lines'),
          severity: /sev-(\w+)/.exec(count.className)?.[1] ?? null,
          text: count.textContent,
          number: number?.textContent ?? null,
          cut,
          px: parseFloat(getComputedStyle(count).fontSize),
        };
      }),
    );
  });
}

describe('/wall shows the firing alerts of a cluster past end of life, counts whole, however many clusters', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  // At 200 clusters a 1920×1080 tile is 77 px wide, 56 px inside: two counts (84 px) cannot be whole at the readable
  // size, so the badge gives way and the worst severity's count stays, whole.
  for (const count of [6, 100, 200]) {
    const every = count <= 100;
    it(`shows ${every ? "each severity's icon and number and the EOL badge" : "the worst severity's icon and number"}, uncut and readable, on the tiles of ${count} clusters at 1920×1080 and 3840×2160`, async () => {
      const { sim, config } = await startManyClusters(count, '2s', ALERTS);
      const app = await startTestServer({ webRoot: TEST_WEB_ROOT, config });
      try {
        for (const [width, height] of [
          [1920, 1080],
          [3840, 2160],
        ] as const) {
          const page = await browser.newPage({ viewport: { width, height } });
          await page.goto(`${app.url}/wall?playlist=health`);
          await expect.poll(() => page.getByTestId('cluster-tile').count(), { timeout: 30_000 }).toBe(count);
          // Clusters i % 9 === 4 have a NotReady node: one at 6 clusters, 11 at 100, 22 at 200.
          const expected = Math.floor((count - 5) / 9) + 1;
          const tilesShown = async () => new Set((await alertCounts(page)).map((c) => c.cluster)).size;
          await expect.poll(tilesShown, { timeout: 30_000 }).toBe(expected);
          const counts = await alertCounts(page);
          await page.screenshot({ path: path.join(ARTIFACTS, `wall-alert-counts-${count}-${width}x${height}.png`) });
          for (const c of counts) {
            const where = `${c.cluster} (${c.lines} lines, ${width}×${height}): ${c.severity} "${c.text}"`;
            expect(c.number, where).toMatch(/^\d+$/);
            expect(c.cut, `${where} is cut`).toBeNull();
            expect(c.px, `${where} font size`).toBeGreaterThanOrEqual(smallestAllowed(height) - 0.1);
          }
          if (every) {
            expect(counts.map((c) => c.severity).sort()).toEqual([...Array(expected).fill('critical'), ...Array(expected).fill('warning')]);
            for (const c of counts) expect(c.badge, `${c.cluster} badge`).toMatch(/^E(OL)?$/);
          } else {
            expect(counts.map((c) => `${c.severity} ${c.fit}`)).toEqual(Array(expected).fill('critical worst'));
          }
          await page.close();
        }
      } finally {
        await app.close();
        await sim.close();
      }
    });
  }
});
