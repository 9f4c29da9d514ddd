import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertList } from '../../shared/alerts';
import { readBuildInfo } from '../../server/build-info';
import { validateConfig } from '../../server/config/load';
import { startSimFleet } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer, waitFor } from '../helpers/server';

describe('/wall made for weeks on a TV, in headless Chromium', () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    browser = await launchChromium();
    app = await startTestServer({ webRoot: TEST_WEB_ROOT });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('marks a cluster years past end of life with an EOL badge, and lists its end of life once on the skew panel', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${app.url}/wall?playlist=skew`);
    // legacy-batch runs 1.27, past its end of life since 2024; prod-eu a supported release.
    await expect.poll(() => page.locator('[data-cluster="legacy-batch"] [data-testid="tile-badge"]').textContent(), { timeout: 15_000 }).toBe('EOL');
    expect(await page.locator('[data-cluster="legacy-batch"] .word').textContent()).toBe('healthy');
    expect(await page.locator('[data-cluster="prod-eu"] [data-testid="tile-badge"]').count()).toBe(0);
    const lines = await page.locator('.panel-skew .findings li').allTextContents();
    expect(lines.filter((l) => l.startsWith('legacy-batch') && l.includes('end of life'))).toEqual(['legacy-batch 1.27 past end of life since 2024-06-28']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-skew-eol.png') });
    await page.close();
  });

  it('hides the cursor in kiosk mode, and only there', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const cursor = () =>
      page.evaluate(() => [getComputedStyle(document.body).cursor, getComputedStyle(document.querySelector('[data-testid="cluster-tile"]')!).cursor]);
    await page.goto(`${app.url}/wall?kiosk=1`);
    await expect.poll(() => page.getByTestId('cluster-tile').count()).toBeGreaterThan(0);
    expect(await cursor()).toEqual(['none', 'none']);
    await page.goto(`${app.url}/wall`);
    await expect.poll(() => page.getByTestId('cluster-tile').count()).toBeGreaterThan(0);
    expect(await cursor()).toEqual(['auto', 'auto']);
    await page.close();
  });

  it('moves nothing when the screen asks for reduced motion', async () => {
    const transition = async (reducedMotion: 'reduce' | 'no-preference') => {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion });
      const page = await context.newPage();
      await page.goto(`${app.url}/wall`);
      await expect.poll(() => page.getByTestId('cluster-tile').count()).toBeGreaterThan(0);
      const style = await page
        .getByTestId('cluster-tile')
        .first()
        .evaluate((t) => [getComputedStyle(t).transitionDuration, getComputedStyle(t).animationName]);
      await context.close();
      return style;
    };
    expect(await transition('no-preference')).toEqual(['0.8s, 0.8s', 'none']);
    expect(await transition('reduce')).toEqual(['0s', 'none']);
  });

  it('dims the screen on the schedule given in the URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const now = new Date();
    const at = (minutes: number) => {
      const d = new Date(now.getTime() + minutes * 60_000);
      return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    };
    await page.goto(`${app.url}/wall?dim=${at(-5)}-${at(60)}`);
    await expect.poll(() => page.getByTestId('wall').evaluate((w) => getComputedStyle(w).filter)).toBe('brightness(0.35)');
    await page.goto(`${app.url}/wall?dim=${at(30)}-${at(60)}`);
    await expect.poll(() => page.getByTestId('cluster-tile').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('wall').evaluate((w) => getComputedStyle(w).filter)).toBe('none');
    await page.close();
  });

  it('plays a playlist of cluster selections in turn, without stopping', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${app.url}/wall?playlist=health,alerts&interval=3s&selections=${encodeURIComponent('env=prod;env in (staging,dev)')}`);
    const shown = () => page.getByTestId('cluster-tile').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-cluster')).join(','));
    await expect.poll(shown).toBe('prod-eu,prod-us,prod-apac,legacy-batch');
    expect(await page.getByTestId('wall-panel').getAttribute('data-panel')).toBe('health');
    await expect.poll(shown, { timeout: 5000 }).toBe('staging-eu,dev');
    expect(await page.getByTestId('wall-panel').getAttribute('data-panel')).toBe('alerts');
    // Round and round: back to the first selection and the first panel.
    await expect.poll(shown, { timeout: 5000 }).toBe('prod-eu,prod-us,prod-apac,legacy-batch');
    expect(await page.getByTestId('wall-panel').getAttribute('data-panel')).toBe('health');
    await page.close();
  });
});

describe('/wall follows the server', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a firing alert on its tile and on the alerts panel within 2 s of firing', async () => {
    const sim = await startSimFleet([{ name: 'prod-eu', labels: { env: 'prod' }, version: 'v1.36.4', nodes: 2, podsPerNode: 2 }], {
      interval: '1s',
      prometheusOnly: true,
    });
    const config = validateConfig({
      clusters: sim.configDocument().clusters,
      alerts: { evaluationInterval: '250ms', rules: { PodCrashLooping: { for: '0s' } } },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const app = await startTestServer({ webRoot: TEST_WEB_ROOT, config: config.config });
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${app.url}/wall?playlist=alerts`);
      await expect.poll(() => page.locator('[data-cluster="prod-eu"] .word').textContent()).toBe('healthy');
      await expect.poll(() => page.locator('.all-good').textContent()).toBe('Nothing firing');
      sim.scenarios.start({ scenario: 'crashloop-storm', cluster: 'prod-eu', params: { pods: 2 } });
      const firing = await waitFor('PodCrashLooping to fire', async () => {
        const list = (await (await fetch(`${app.url}/api/alerts`)).json()) as AlertList;
        return list.alerts.find((a) => a.state === 'firing' && a.labels.alertname === 'PodCrashLooping');
      });
      await page.locator(`[data-alert="${firing.fingerprint}"]`).waitFor({ timeout: 5000 });
      const shownAfterMs = Date.now() - firing.startsAt;
      expect(shownAfterMs).toBeLessThanOrEqual(2000);
      expect(await page.locator('[data-cluster="prod-eu"] [data-testid="tile-alerts"]').textContent()).toMatch(/▲\d+/);
      expect(await page.locator('.alert-groups > li > strong').first().textContent()).toBe('prod-eu');
      await page.screenshot({ path: path.join(ARTIFACTS, 'wall-alert-firing.png') });
      await page.close();
    } finally {
      await app.close();
      await sim.close();
    }
  });

  it('reloads itself when the server comes back as another build, and only then', async () => {
    const build = readBuildInfo();
    let app = await startTestServer({ webRoot: TEST_WEB_ROOT, build: { ...build, revision: 'a'.repeat(40) } });
    const port = Number(new URL(app.url).port);
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${app.url}/wall`);
      await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
      const loadedAt = () => page.evaluate(() => String(performance.timeOrigin));
      const first = await loadedAt();

      // The same build again (a restart): the page reconnects and stays as it is.
      await app.close();
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('offline');
      app = await startTestServer({ webRoot: TEST_WEB_ROOT, port, build: { ...build, revision: 'a'.repeat(40) } });
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 20_000 }).toContain('live');
      expect(await loadedAt()).toBe(first);

      // An upgrade: the page loads anew.
      await app.close();
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toContain('offline');
      app = await startTestServer({ webRoot: TEST_WEB_ROOT, port, build: { ...build, revision: 'b'.repeat(40) } });
      await expect.poll(loadedAt, { timeout: 20_000 }).not.toBe(first);
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 20_000 }).toContain('live');
      await page.close();
    } finally {
      await app.close();
    }
  });
});
