import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite';
import { TEST_WEB_ROOT } from '../global-setup';
import { launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';

const HOUR = 3_600_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-strip-'));
const storePath = path.join(dir, 'fleetscope.db');

describe('the 24-hour status strip on the wall, from the persisted transitions, in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    // A scripted day of legacy-batch (healthy in the demo fleet now): healthy, then unreachable, degraded, healthy again.
    const opened = openSqliteStore(storePath);
    if (!opened.ok) throw new Error(opened.fault.message);
    const now = Date.now();
    const step = (hoursAgo: number, from: 'healthy' | 'unreachable' | 'degraded' | null, to: 'healthy' | 'unreachable' | 'degraded') => ({
      cluster: 'legacy-batch',
      at: now - hoursAgo * HOUR,
      from,
      to,
      reason: to === 'healthy' ? null : `scripted ${to}`,
    });
    await opened.store.appendTransitions([
      step(20, null, 'healthy'),
      step(10, 'healthy', 'unreachable'),
      step(5, 'unreachable', 'degraded'),
      step(1, 'degraded', 'healthy'),
    ]);
    await opened.store.close();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
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
    let app = await startTestServer({ webRoot: TEST_WEB_ROOT, storePath });
    try {
      const first = await strip(app.url);
      expectScripted(first.read);
      expect(first.since).toBe('for 1 h');
    } finally {
      await app.close();
    }
    app = await startTestServer({ webRoot: TEST_WEB_ROOT, storePath });
    try {
      const again = await strip(app.url);
      expectScripted(again.read);
      expect(again.since).toBe('for 1 h');
    } finally {
      await app.close();
    }
  });
});
