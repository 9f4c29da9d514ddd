import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import type { SimFleet } from '../../server/simulator/demo';
import { startManyClusters } from '../e2e/many-clusters';
import { startTestServer, waitFor } from '../helpers/server';
import { testTokensFile } from '../helpers/wall-tokens';

const TOKEN = 'fs_wall_integration_0123456789abcdefghijkl';

/** The wall cookie out of a Set-Cookie header. */
function wallCookie(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith('fleetscope_wall='));
  return header?.split(';')[0] ?? '';
}

describe('the wall token exchange and the wall cookie over HTTP and /ws', () => {
  let sim: SimFleet;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let dir: string;
  let tokens: ReturnType<typeof testTokensFile>;
  const exchange = (headers: Record<string, string>, body: unknown = { token: TOKEN }) =>
    fetch(`${app.url}/auth/wall`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-wall-cookie-'));
    tokens = testTokensFile(dir, [
      { name: 'lobby-tv', role: 'viewer', token: TOKEN },
      { name: 'hall-tv', role: 'viewer', token: `${TOKEN}-hall` },
    ]);
    sim = (await startManyClusters(2, '2s')).sim;
    const config = validateConfig({
      ...sim.configDocument(),
      auth: { tokensFile: tokens.file, cookieKeyFile: path.join(dir, 'cookie.key'), wallCookieTtl: '30d' },
    });
    if (!config.ok) throw new Error(config.problems.join('; '));
    app = await startTestServer({ config: config.config });
  });
  afterAll(async () => {
    await app?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the exchange only to fleetscope's own pages, and never with the token", async () => {
    const refused = await exchange({ origin: 'http://evil.example' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'cross-site request refused' });
    expect(refused.headers.getSetCookie()).toEqual([]);

    const wrong = await exchange({ origin: app.url }, { token: 'fs_not_a_token' });
    expect(wrong.status).toBe(401);

    const ok = await exchange({ origin: app.url });
    expect(ok.status).toBe(200);
    const body = await ok.text();
    expect(body).not.toContain(TOKEN);
    expect(JSON.parse(body)).toMatchObject({ name: 'lobby-tv' });
    const setCookie = ok.headers.getSetCookie()[0] ?? '';
    expect(setCookie).toMatch(/^fleetscope_wall=[^;]+; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toContain(TOKEN);
  });

  it('lets the cookie read and open /ws as a viewer, refuses it to change anything, and closes its socket with 4401 on revocation', async () => {
    const cookie = wallCookie(await exchange({ origin: app.url }));
    const me = await fetch(`${app.url}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ name: 'lobby-tv', groups: [], role: 'viewer', method: 'wall', may: { silence: false, audit: false } });
    expect((await fetch(`${app.url}/api/clusters`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${app.url}/api/clusters`)).status).toBe(401);
    const silence = await fetch(`${app.url}/api/silences`, {
      method: 'POST',
      headers: { cookie, origin: app.url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(silence.status).toBe(403);

    const renewed = await fetch(`${app.url}/auth/wall/renew`, { method: 'POST', headers: { cookie, origin: app.url } });
    expect(renewed.status).toBe(200);
    expect(wallCookie(renewed)).toMatch(/^fleetscope_wall=/);

    const unauthenticated = new WebSocket(`${app.url.replace('http', 'ws')}/ws`);
    const status = await new Promise<number | undefined>((resolve) => unauthenticated.once('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(401);

    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/ws`, { headers: { cookie } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    tokens.revoke('lobby-tv');
    expect(await closed).toEqual({ code: 4401, reason: 'access revoked' });
    expect((await fetch(`${app.url}/api/me`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${app.url}/auth/wall/renew`, { method: 'POST', headers: { cookie, origin: app.url } })).status).toBe(401);
    expect(app.logs.join('\n')).not.toContain(TOKEN);
  });

  it('refuses a cookie made from a token that was since made anew under the same name', async () => {
    const cookie = wallCookie(await exchange({ origin: app.url }, { token: `${TOKEN}-hall` }));
    expect((await fetch(`${app.url}/api/me`, { headers: { cookie } })).status).toBe(200);
    tokens.replace('hall-tv', `${TOKEN}-hall-2`);
    await waitFor('the new token in force', async () => (await fetch(`${app.url}/api/me`, { headers: { cookie } })).status === 401);
    const fresh = wallCookie(await exchange({ origin: app.url }, { token: `${TOKEN}-hall-2` }));
    expect(await (await fetch(`${app.url}/api/me`, { headers: { cookie: fresh } })).json()).toMatchObject({ name: 'hall-tv', method: 'wall' });
  });
});
