import net from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WEB_ROOT } from '../global-setup';
import { launchChromium } from '../helpers/browser';
import { startTestServer } from '../helpers/server';

/** A loopback TCP relay in front of fleetscope whose connections the test can cut, as a flaky network would. */
async function startRelay(target: URL): Promise<{ url: string; cut: () => void; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('/wall after a network blip', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestServer({ webRoot: TEST_WEB_ROOT });
    relay = await startRelay(new URL(app.url));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await relay?.close();
    await app?.close();
  });

  it('resumes from where it was, without a snapshot and without reloading the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const sockets: Array<{ url: string; types: string[]; hello: unknown }> = [];
    page.on('websocket', (ws) => {
      const record = { url: ws.url(), types: [] as string[], hello: null as unknown };
      sockets.push(record);
      ws.on('framereceived', (frame) => {
        const message: unknown = JSON.parse(String(frame.payload));
        if (typeof message === 'object' && message !== null && 'type' in message && typeof message.type === 'string') {
          record.types.push(message.type);
          if (message.type === 'hello') record.hello = message;
        }
      });
    });
    await page.goto(`${relay.url}/wall?rotate=off`);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
    await expect.poll(() => page.getByTestId('cluster-tile').count()).toBe(6);
    const live = sockets.at(-1);
    await expect.poll(() => live?.types.filter((t) => t === 'delta').length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    relay.cut();
    await expect.poll(() => sockets.length, { timeout: 10_000 }).toBeGreaterThan(sockets.indexOf(live!) + 1);
    const resumed = sockets.at(-1)!;
    expect(resumed.url).toMatch(/\/ws\?since=\d+&instance=/);
    await expect.poll(() => resumed.hello).toMatchObject({ type: 'hello', resumed: true });
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
    await expect.poll(() => resumed.types.includes('delta'), { timeout: 10_000 }).toBe(true);
    expect(resumed.types).not.toContain('snapshot');
    expect(await page.getByTestId('cluster-tile').count()).toBe(6);
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
    await page.close();
  });
});
