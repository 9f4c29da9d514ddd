import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';

describe('the "what changed" panel on the wall, in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a status transition the fleet goes through, newest first, with the cluster and how long ago', async () => {
    const app = await startTestServer({ webRoot: TEST_WEB_ROOT });
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${app.url}/wall?playlist=changes`);
      await expect.poll(() => page.locator('[data-cluster="dev"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('healthy');
      await expect.poll(() => page.getByTestId('wall-panel').textContent(), { timeout: 15_000 }).not.toContain('No timeline from the server yet');

      const started = app.demo?.scenarios.start({ scenario: 'blackout', cluster: 'dev' });
      if (!started?.ok) throw new Error('blackout did not start');
      const line = page.locator('[data-testid="wall-changes"] li[data-kind="status"]', { hasText: '→ unreachable' });
      await expect.poll(() => line.count(), { timeout: 30_000 }).toBe(1);
      expect(await line.locator('.change-head').textContent()).toMatch(/^⊘ dev · \d+ s ago$/);
      // Newest first: the transition just made leads the panel (dev may pass through degraded on its way: one source fails first).
      expect(await page.locator('[data-testid="wall-changes"] li').first().textContent()).toMatch(/^⊘ dev · \d+ s ago(healthy|degraded) → unreachable/);
      // Readable from across the room: 28 px at 1920×1080.
      const px = await line.locator('.change-text').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(px).toBeGreaterThanOrEqual(28 - 0.1);
      await page.screenshot({ path: path.join(ARTIFACTS, 'wall-changes-1920x1080.png') });
      await page.close();
    } finally {
      await app.close();
    }
  });
});
