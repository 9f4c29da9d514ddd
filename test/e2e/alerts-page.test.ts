import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';
import { startChatServer, withTimeout } from '../integration/alerts-chat-server';

const SECRET = 'hooks-secret-XYZ';

describe('Alerts page in headless Chromium: failed notifications, silencing, retry', () => {
  let browser: Browser;
  let sim: SimFleet;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-alerts-page-'));
    browser = await launchChromium();
    chat = await startChatServer();
    chat.setMode('gone');
    sim = await startSimFleet([{ name: 'prod-eu', labels: {}, version: 'v1.33.1', nodes: 2, podsPerNode: 2, crashLoopPods: 1 }], {
      interval: '1s',
      prometheusOnly: true,
    });
    const config = validateConfig({
      clusters: withTimeout(sim.configDocument().clusters, '800ms'),
      alerts: {
        evaluationInterval: '200ms',
        rules: {
          PodCrashLooping: { for: '0s' },
          KubernetesReleaseEOL: { enabled: false },
          KubernetesReleaseNearEOL: { enabled: false },
          KubeletVersionSkew: { enabled: false },
        },
        route: { receiver: 'team', group_by: ['alertname'], group_wait: '0s', group_interval: '1s' },
        receivers: [{ name: 'team', type: 'slack', url: `${chat.url}/slack/${SECRET}` }],
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, webRoot: TEST_WEB_ROOT, storePath: path.join(dir, 'fleetscope.db') });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sim?.close();
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the failed notification with its error, silences the alert, and retries delivery', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${app.url}/alerts`);
    const failedRows = page.getByTestId('failed-notifications').locator('tbody tr');
    await expect.poll(() => failedRows.count(), { timeout: 20_000 }).toBe(1);
    expect(await failedRows.first().textContent()).toContain(`POST ${chat.url}/…: HTTP 404: no_service`);
    const alertRow = page.locator('[data-testid="alerts-table"] tr[data-alertname="PodCrashLooping"]');
    await expect.poll(() => alertRow.first().getAttribute('data-state'), { timeout: 10_000 }).toBe('firing');
    await page.screenshot({ path: path.join(ARTIFACTS, 'alerts-failed.png') });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('fleetscope_notifications{status="failed"} 1');
    expect(metrics).toContain('fleetscope_notification_attempts_total{receiver="team",outcome="failed"} 1');

    await alertRow.first().getByRole('button', { name: 'Silence…' }).click();
    expect(await page.locator('input[name="matchers"]').inputValue()).toMatch(
      /^alertname="PodCrashLooping", cluster="prod-eu", namespace="[^"]+", pod="[^"]+"$/,
    );
    await page.locator('input[name="createdBy"]').fill('e2e');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await expect.poll(() => page.locator('[data-testid="silences-table"] tr[data-status="active"]').count()).toBe(1);
    await expect.poll(() => alertRow.first().locator('td').first().textContent()).toBe('firing, silenced');

    chat.setMode('ok');
    await failedRows.first().getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.getByTestId('failed-notifications').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => chat.accepted().length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('recent-notifications').textContent(), { timeout: 15_000 }).toContain('delivered');
    expect(await page.content()).not.toContain(SECRET);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alerts-silenced.png') });
    await page.close();
  });
});
