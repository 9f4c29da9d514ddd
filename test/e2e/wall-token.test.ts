import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import type { SimFleet } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';
import { testTokensFile } from '../helpers/wall-tokens';
import { startManyClusters } from './many-clusters';

const LOBBY_TOKEN = 'fs_lobby_tv_0123456789abcdefghijklmnopqrstuv';
const OPS_TOKEN = 'fs_ops_0123456789abcdefghijklmnopqrstuvwxyzAB';

describe('the wall screen given a token once in its URL fragment', () => {
  let browser: Browser;
  let sim: SimFleet;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let dir: string;
  let tokens: ReturnType<typeof testTokensFile>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-wall-token-'));
    tokens = testTokensFile(dir, [
      { name: 'lobby-tv', role: 'viewer', token: LOBBY_TOKEN },
      { name: 'ops-bot', role: 'operator', token: OPS_TOKEN },
    ]);
    const started = await startManyClusters(3, '2s');
    sim = started.sim;
    const config = validateConfig({ ...sim.configDocument(), auth: { tokensFile: tokens.file, cookieKeyFile: path.join(dir, 'cookie.key') } });
    if (!config.ok) throw new Error(config.problems.join('; '));
    app = await startTestServer({ webRoot: TEST_WEB_ROOT, config: config.config });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exchanges the token for a cookie, drops it from the address bar, shows live tiles, and keeps working without it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(`${new URL(request.url()).pathname} ${request.postData() ?? ''}`);
      // The fragment is the browser's: no request ever carries the token in its URL.
      expect(request.url()).not.toContain(LOBBY_TOKEN);
    });
    await page.goto(`${app.url}/wall?rotate=off#token=${LOBBY_TOKEN}`);
    await expect.poll(() => page.getByTestId('cluster-tile').count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
    expect(page.url()).toBe(`${app.url}/wall?rotate=off`);
    expect(posted[0]).toBe(`/auth/wall {"token":"${LOBBY_TOKEN}"}`);
    const cookie = (await context.cookies()).find((c) => c.name === 'fleetscope_wall');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    expect(cookie?.value).not.toContain(LOBBY_TOKEN);
    // 400 days by default, renewed while open.
    expect((cookie?.expires ?? 0) * 1000 - Date.now()).toBeGreaterThan(399 * 86_400_000);
    expect(posted).toContain('/auth/wall/renew ');

    // A reload (a TV that restarts its browser) has no token any more, and needs none.
    await page.reload();
    await expect.poll(() => page.getByTestId('cluster-tile').count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-token-live.png') });

    // Revoked: the full-screen notice within 5 s, and no reconnecting after it.
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const revokedAt = Date.now();
    tokens.revoke('lobby-tv');
    await expect.poll(() => page.getByTestId('access-notice').textContent(), { timeout: 5_000 }).toContain('Access revoked');
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    expect(await page.getByTestId('cluster-tile').count()).toBe(0);
    expect(await page.getByRole('link', { name: /sign in/i }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-token-revoked.png') });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(sockets).toEqual([]);

    // After a reload it stays revoked: the cookie no longer lets it in.
    await page.reload();
    await expect.poll(() => page.getByTestId('access-notice').textContent(), { timeout: 10_000 }).toContain('Access revoked');
    expect(await page.getByTestId('cluster-tile').count()).toBe(0);
    await context.close();
  });

  it('without a token shows a notice saying how to give it one, not a sign-in page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/wall`);
    const notice = page.getByTestId('access-notice');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain('No access');
    expect(await notice.textContent()).toContain('fleetscope token create --name lobby-tv --role viewer');
    expect(await page.getByRole('link', { name: /sign in/i }).count()).toBe(0);
    await context.close();
  });

  it('refuses an operator token: a wall takes a viewer token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/wall#token=${OPS_TOKEN}`);
    const notice = page.getByTestId('access-notice');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain('Wall token refused');
    expect(await notice.textContent()).toContain('a wall screen takes a viewer token');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('fleetscope_wall');
    await context.close();
  });
});
