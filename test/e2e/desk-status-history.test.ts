import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WEB_ROOT } from '../global-setup';
import { launchChromium } from '../helpers/browser';
import { storeWithHistory } from '../helpers/scripted-history';
import { startTestServer } from '../helpers/server';

describe("the cluster page's status history, in headless Chromium", () => {
  let browser: Browser;
  let history: Awaited<ReturnType<typeof storeWithHistory>> | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    // legacy-batch over the last three days: healthy, unreachable 50 h ago, degraded 10 h ago, healthy again 1 h ago.
    history = await storeWithHistory('legacy-batch', [
      [70, null, 'healthy'],
      [50, 'healthy', 'unreachable'],
      [10, 'unreachable', 'degraded'],
      [1, 'degraded', 'healthy'],
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    history?.remove();
  });

  it('shows the last 24 h, then the last 7 days, as a strip and a table', async () => {
    const app = await startTestServer({ webRoot: TEST_WEB_ROOT, storePath: history!.storePath });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${app.url}/clusters/legacy-batch`);
      const history = page.getByTestId('status-history');
      const rows = history.locator('[data-testid="history-table"] tbody tr');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
      expect(await rows.nth(0).textContent()).toContain('1 h (now)');
      expect(await rows.nth(1).textContent()).toContain('scripted degraded');
      const segments = () => history.locator('[data-testid="history-strip"] > span').evaluateAll((s) => s.map((e) => e.getAttribute('data-segment')));
      expect(await segments()).toEqual(['unreachable', 'degraded', 'healthy']);

      await history.getByRole('button', { name: 'last 7 days' }).click();
      // The first status ever seen (70 h ago, from nothing) is in the period too.
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
      expect(await rows.nth(2).textContent()).toContain('scripted unreachable');
      expect(await rows.nth(3).textContent()).toContain('20 h');
      expect(await segments()).toEqual(['unknown', 'healthy', 'unreachable', 'degraded', 'healthy']);
      await page.close();
    } finally {
      await app.close();
    }
  });
});
