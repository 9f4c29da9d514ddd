import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';

describe('web app in headless Chromium', () => {
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

  it('shows one tile per cluster with its status, and a stopped cluster turns unreachable without reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(app.url);
    const tiles = page.getByTestId('cluster-tile');
    await expect.poll(() => tiles.count()).toBe(DEMO_FLEET.length);
    for (const spec of DEMO_FLEET) await expect.poll(() => page.locator(`[data-cluster="${spec.name}"] h2`).textContent()).toBe(spec.name);
    await expect.poll(() => page.locator('[data-cluster="prod-us"] .word').textContent()).toBe('degraded');
    await expect.poll(() => page.locator('[data-cluster="prod-us"] .reasons').textContent()).toContain('2 of 10 nodes NotReady');
    expect(await page.getByTestId('connection').textContent()).toBe('live');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tiles-1920x1080.png') });

    await app.demo!.clusters.find((c) => c.name === 'staging-eu')!.setBlackout(true);
    await expect.poll(() => page.locator('[data-cluster="staging-eu"] .word').textContent(), { timeout: 15_000 }).toBe('unreachable');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tiles-unreachable.png') });
  });
});
