import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WEB_ROOT } from '../global-setup';
import { launchChromium } from '../helpers/browser';
import { storeWithHistory } from '../helpers/scripted-history';
import { startTestServer } from '../helpers/server';

describe('the 24-hour status strip on the wall, from the persisted transitions, in headless Chromium', () => {
  let browser: Browser;
  let history: Awaited<ReturnType<typeof storeWithHistory>> | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    // A scripted day of legacy-batch (healthy in the demo fleet now): healthy, then unreachable, degraded, healthy again.
    history = await storeWithHistory('legacy-batch', [
      [20, null, 'healthy'],
      [10, 'healthy', 'unreachable'],
      [5, 'unreachable', 'degraded'],
      [1, 'degraded', 'healthy'],
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    history?.remove();
  });

  const strip = async (url: string) => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${url}/wall`);
    const segments = page.locator('[data-cluster="legacy-batch"] [data-testid="status-strip"] > span');
    await expect.poll(() => segments.count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const read = await segments.evaluateAll((spans) => spans.map((s) => [s.getAttribute('data-segment'), Number((s as HTMLElement).style.flexGrow)] as const));
    const since = await page.locator('[data-cluster="legacy-batch"] [data-testid="tile-since"]').textContent();
    await page.close();
    return { read, since };
  };
  const expectScripted = (read: ReadonlyArray<readonly [string | null, number]>) => {
    expect(read.map(([status]) => status)).toEqual(['unknown', 'healthy', 'unreachable', 'degraded', 'healthy']);
    const shares = read.map(([, share]) => share * 24);
    [4, 10, 5, 4, 1].forEach((hours, i) => expect(shares[i]).toBeCloseTo(hours, 1));
  };

  it('draws the scripted sequence, and the same after a restart of the server', async () => {
    let app = await startTestServer({ webRoot: TEST_WEB_ROOT, storePath: history!.storePath });
    try {
      const first = await strip(app.url);
      expectScripted(first.read);
      expect(first.since).toBe('for 1 h');
    } finally {
      await app.close();
    }
    app = await startTestServer({ webRoot: TEST_WEB_ROOT, storePath: history!.storePath });
    try {
      const again = await strip(app.url);
      expectScripted(again.read);
      expect(again.since).toBe('for 1 h');
    } finally {
      await app.close();
    }
  });
});
