import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';

describe('desk views in headless Chromium on the demo fleet', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    app = await startTestServer({ webRoot: TEST_WEB_ROOT });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists every cluster on the overview and opens a cluster with its health, versions and cost', async () => {
    await page.goto(app.url);
    const rows = page.locator('[data-testid="overview"] tbody tr');
    await expect.poll(() => rows.count()).toBe(DEMO_FLEET.length);
    // Worst first.
    expect(await rows.first().getAttribute('data-cluster')).toBe('prod-us');
    await expect.poll(() => page.locator('[data-cluster="prod-us"] .badge').textContent()).toContain('degraded');
    // The reports reach the page over the stream: cost per cluster and skew findings fill in.
    await expect.poll(() => page.locator('[data-cluster="legacy-batch"] td').nth(7).textContent(), { timeout: 20_000 }).not.toBe('—');
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-overview.png'), fullPage: true });

    await page.locator('[data-cluster="prod-us"] a').click();
    await expect.poll(() => page.url()).toBe(`${app.url}/clusters/prod-us`);
    const detail = page.getByTestId('cluster-page');
    await expect.poll(() => detail.locator('h1').textContent()).toContain('degraded');
    expect(await detail.textContent()).toContain('2 of 10 nodes NotReady');
    await expect.poll(() => detail.locator('.card').nth(2).textContent()).toContain('kube-apiserver');
    await expect.poll(() => detail.locator('.card').nth(3).locator('tbody tr').count()).toBeGreaterThan(0);
    // Nodes and failing pods come from GET /api/clusters/prod-us: the two NotReady nodes first, the crash-looping pods.
    const nodes = detail.getByTestId('nodes-table').locator('tbody tr');
    await expect.poll(() => nodes.count(), { timeout: 10_000 }).toBe(10);
    expect(await nodes.first().textContent()).toContain('NotReady');
    expect(await nodes.filter({ hasText: 'NotReady' }).count()).toBe(2);
    expect(await detail.textContent()).toContain('2 of 10 NotReady, from the Kubernetes API node watch');
    const crashing = detail.getByTestId('failing-pods').locator('tbody tr', { hasText: 'CrashLoopBackOff' });
    expect(await crashing.count()).toBe(3);
    const restarts = Number(await crashing.first().locator('td').nth(4).textContent());
    expect(restarts).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-cluster.png'), fullPage: true });
  });

  it('shows the events feed live and filtered', async () => {
    await page.goto(`${app.url}/events?type=Warning&cluster=dev`);
    await expect.poll(() => page.getByText(/matching; new events appear live/).count()).toBe(1);
    const dev = app.demo!.clusters.find((c) => c.name === 'dev')!;
    dev.kube.createEvent({
      namespace: 'default',
      involvedObject: { kind: 'Pod', name: 'desk-test-pod', namespace: 'default' },
      reason: 'FailedMount',
      message: 'MountVolume.SetUp failed for volume "data"',
      type: 'Warning',
    });
    dev.kube.createEvent({
      namespace: 'default',
      involvedObject: { kind: 'Pod', name: 'desk-normal-pod', namespace: 'default' },
      reason: 'Pulled',
      message: 'Image pulled',
      type: 'Normal',
    });
    const row = page.locator('[data-event-id="dev/default/Pod/desk-test-pod/FailedMount"]');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.textContent()).toContain('MountVolume.SetUp failed');
    expect(await page.locator('[data-event-id="dev/default/Pod/desk-normal-pod/Pulled"]').count()).toBe(0);
    const clusters = await page.locator('[data-testid="events-table"] tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(clusters)).toEqual(new Set(['dev']));
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-events.png'), fullPage: true });
  });

  it('draws the cost charts and the skew matrix with findings marked', async () => {
    await page.goto(`${app.url}/cost`);
    await expect
      .poll(() => page.locator('[data-testid="chart-namespaces"] .recharts-bar-rectangle').count(), { timeout: 20_000 })
      .toBeGreaterThan(DEMO_FLEET.length);
    expect(await page.locator('[data-testid="chart-idle"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    // The trend starts from the stored daily cost: a fresh server has at most today, and says so on the chart.
    await expect.poll(() => page.getByTestId('trend-short-history').textContent(), { timeout: 10_000 }).toContain('Less than a day of cost history');
    await expect.poll(() => page.locator('[data-testid="chart-trend"] .recharts-line-curve').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-cost.png'), fullPage: true });

    await page.goto(`${app.url}/skew`);
    const kubelet = page.locator('[data-testid="skew-matrix"] tr[data-cluster="legacy-batch"] td').nth(1);
    await expect.poll(() => kubelet.getAttribute('data-severity'), { timeout: 20_000 }).toMatch(/critical|warning/);
    expect(await kubelet.textContent()).toContain('v1.23.17');
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-skew.png'), fullPage: true });

    await page.goto(`${app.url}/reports`);
    await expect.poll(() => page.locator('[data-testid="reports-page"] a[href="/api/reports/cost?format=csv"]').count()).toBe(1);
    // The link downloads what the server offers.
    const csv = await fetch(`${app.url}/api/reports/cost?format=csv`);
    expect(csv.status).toBe(200);
  });

  it('keeps every page up when a cluster fails: a banner for it, the others shown', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.locator('[data-testid="overview"] tbody tr').count()).toBe(DEMO_FLEET.length);
    await app.demo!.clusters.find((c) => c.name === 'prod-apac')!.setBlackout(true);
    try {
      const banner = page.locator('[data-testid="cluster-banners"] [data-cluster="prod-apac"]');
      await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
      expect(await banner.textContent()).toMatch(/failing for .*unreachable/);
      expect(await page.locator('[data-testid="overview"] tbody tr').count()).toBe(DEMO_FLEET.length);
      await expect.poll(() => page.locator('[data-cluster="prod-eu"] .badge').textContent()).toContain('healthy');
      await page.screenshot({ path: path.join(ARTIFACTS, 'desk-cluster-failing.png'), fullPage: true });
      for (const route of ['/cost', '/skew', '/events']) {
        await page.goto(`${app.url}${route}`);
        await expect.poll(() => banner.count()).toBe(1);
        expect(await page.locator('.page-error').count()).toBe(0);
      }
    } finally {
      await app.demo!.clusters.find((c) => c.name === 'prod-apac')!.setBlackout(false);
    }
  });
});
