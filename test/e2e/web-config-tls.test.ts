import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';
import { writeServerTls } from '../helpers/web-config';

/** Every Content-Security-Policy violation the page reports (an inline style or script the policy blocked, a connection it refused). */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Reflect.set(window, '__cspViolations', seen);
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return () => page.evaluate((): string[] => [...Reflect.get(window, '__cspViolations')]);
}

/**
 * The web app as users get it behind fleetscope's own TLS and security
 * headers: the wall live over wss, the desk's pages, and nothing the
 * Content-Security-Policy blocks. Chromium does not trust the test's CA, so
 * its certificate errors are waved through (what this checks is the page,
 * not the chain; node's client checks the chain in the integration tests).
 */
describe('the web app over HTTPS with helmet’s Content-Security-Policy, in headless Chromium', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-e2e-tls-'));
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  beforeAll(async () => {
    writeServerTls(dir, 'server');
    writeFileSync(path.join(dir, 'web.yml'), 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n');
    app = await startTestServer({ webRoot: TEST_WEB_ROOT, webConfigFile: path.join(dir, 'web.yml') });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the wall live over wss, with no violation of the policy', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const violations = await recordViolations(page);
    const response = await page.goto(`${app.url}/wall?rotate=off`);
    expect(response?.headers()['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(app.url).toMatch(/^https:/);
    await expect.poll(() => page.getByTestId('cluster-tile').count()).toBe(DEMO_FLEET.length);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
    await expect.poll(() => page.locator('[data-cluster="prod-eu"] [data-testid="sparkline"]').count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-tls.png') });
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('shows every desk page with no violation of the policy', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const violations = await recordViolations(page);
    await page.goto(app.url);
    await expect.poll(() => page.locator('[data-testid="overview"] tbody tr').count()).toBe(DEMO_FLEET.length);
    for (const route of ['/clusters/prod-us', '/events', '/cost', '/skew', '/reports', '/alerts']) {
      await page.goto(`${app.url}${route}`);
      await expect.poll(() => page.getByTestId('connection').textContent(), { message: route }).toContain('live');
      await page.locator('.desk-main h1').first().waitFor();
    }
    // The charts (SVG drawn by recharts, styled inline by React) are what a strict style-src would break first.
    await page.goto(`${app.url}/cost`);
    await expect.poll(() => page.locator('.desk-main svg').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-cost-tls.png'), fullPage: true });
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
