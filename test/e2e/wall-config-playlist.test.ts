import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { TEST_WEB_ROOT } from '../global-setup';
import { launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';
import { startManyClusters } from './many-clusters';

describe('wall playlists from the config, in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the playlist the URL names, kiosk and all, and the default one without a name', async () => {
    const many = await startManyClusters(4);
    const checked = validateConfig({
      ...many.sim.configDocument(),
      wall: {
        defaultPlaylist: 'lobby',
        playlists: { noc: { panels: ['changes'], clusters: 'env=prod', kiosk: true }, lobby: { panels: ['cost'] } },
      },
    });
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    const app = await startTestServer({ webRoot: TEST_WEB_ROOT, config: checked.config });
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${app.url}/wall?playlist=noc`);
      await expect.poll(() => page.getByTestId('wall-panel').getAttribute('data-panel'), { timeout: 20_000 }).toBe('changes');
      expect(await page.getByTestId('wall').getAttribute('data-kiosk')).toBe('');
      // Two of the four clusters are env=prod.
      await expect.poll(() => page.getByTestId('cluster-tile').count()).toBe(2);
      expect(await page.locator('.wall-problems').count()).toBe(0);

      await page.goto(`${app.url}/wall`);
      await expect.poll(() => page.getByTestId('wall-panel').getAttribute('data-panel'), { timeout: 20_000 }).toBe('cost');
      expect(await page.getByTestId('wall').getAttribute('data-kiosk')).toBeNull();

      await page.goto(`${app.url}/wall?playlist=weather`);
      await expect
        .poll(() => page.locator('.wall-problems').textContent(), { timeout: 20_000 })
        .toContain('and no playlist of that name in the config (known: noc, lobby)');
      await page.close();
    } finally {
      await app.close();
      await many.sim.close();
    }
  });
});
