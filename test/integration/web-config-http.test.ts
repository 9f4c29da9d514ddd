import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startTestServer, waitFor } from '../helpers/server';

/**
 * A web configuration file without TLS (fleetscope behind a proxy that
 * terminates it): its headers and its rate limit, changed while running.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-web-config-http-'));
const webConfigFile = path.join(dir, 'web.yml');
const HEADERS = `http_server_config:
  headers:
    Strict-Transport-Security: max-age=600
    Content-Security-Policy: "default-src 'self' https://grafana.example"
    X-Frame-Options: deny
`;
let app: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  writeFileSync(webConfigFile, HEADERS);
  const config = validateConfig({ clusters: [{ name: 'gone', prometheus: { url: 'http://127.0.0.1:9/' } }], server: { webConfigFile } });
  if (!config.ok) throw new Error(config.problems.join('; '));
  app = await startTestServer({ config: config.config });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a web configuration file without TLS', () => {
  it("sends the file's headers in place of helmet's, over plain HTTP too (a proxy in front passes them on)", async () => {
    const answer = await fetch(`${app.url}/api/clusters`);
    expect(answer.headers.get('strict-transport-security')).toBe('max-age=600');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'self' https://grafana.example");
    expect(answer.headers.get('x-frame-options')).toBe('deny');
    // helmet's others stay.
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('holds every request to rate_limit once the file has one, with 429 beyond it, and lets go when it is gone', async () => {
    writeFileSync(webConfigFile, `${HEADERS}rate_limit:\n  interval: 1m\n  burst: 2\n`);
    await waitFor('the rate limit', async () => (await fetch(`${app.url}/healthz`)).status === 429, 5000);
    const refused = await fetch(`${app.url}/api/clusters`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('x-frame-options')).toBe('deny');
    expect(await refused.json()).toEqual({
      error: 'too many requests',
      detail: "the web configuration file's rate_limit allows one request every 60000 ms, 2 at once",
    });
    writeFileSync(webConfigFile, HEADERS);
    await waitFor('no rate limit', async () => (await fetch(`${app.url}/healthz`)).status === 200, 5000);
    for (let i = 0; i < 5; i += 1) expect((await fetch(`${app.url}/api/clusters`)).status).toBe(200);
  });
});
