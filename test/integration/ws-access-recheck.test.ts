import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { CLOSE_CODES } from '../../shared/protocol';
import { upgrade } from '../helpers/access';
import { startTestIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider';
import { signInOverHttp } from '../helpers/oidc-http-sign-in';
import { startTestServer, waitFor } from '../helpers/server';
import { startHttp } from './federation-helpers';

/**
 * What no revocation announces: a session the identity provider ends at a
 * refresh, and a session whose time is up. An open websocket of either is
 * closed within server.stream.recheckAccess, as a revoked token's is at once.
 */
describe('open websockets judged again: sessions that end while the socket is open', () => {
  let dir: string;
  let idp: TestIdentityProvider;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let clockOffset = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-ws-recheck-'));
    // Access tokens of 2 s: fleetscope asks the provider again (refresh) within seconds.
    idp = await startTestIdentityProvider({
      users: {
        otto: { password: 'otto-password', name: 'Otto', email: 'otto@example.com', groups: ['sre'] },
        vic: { password: 'vic-password', name: 'Vic', email: 'vic@example.com', groups: ['sre'] },
      },
      accessTokenTtlSeconds: 2,
    });
    writeFileSync(path.join(dir, 'client-secret'), idp.clientSecret);
    federate = await startHttp((_req, res) => res.end('up 1\n'));
    const config = validateConfig({
      server: { stream: { recheckAccess: '1s' } },
      clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }],
      auth: {
        oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecretFile: path.join(dir, 'client-secret'), sessionTtl: '1h' },
        groups: { sre: 'operator' },
        cookieKeyFile: path.join(dir, 'cookie.key'),
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, now: () => Date.now() + clockOffset });
    idp.register(app.url);
  });

  afterAll(async () => {
    await app?.close();
    await federate?.close();
    await idp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const openSocket = async (cookie: string) => {
    const socket = await upgrade(`${app.url.replace('http', 'ws')}/ws`, { headers: { cookie, origin: app.url } });
    if (socket.kind !== 'open') throw new Error(`the websocket was refused: ${socket.status} ${socket.text}`);
    await waitFor('the hello', () => socket.messages.some((m) => m?.type === 'hello'));
    return socket;
  };

  it('closes the websocket of a session the identity provider refuses to refresh, saying so', async () => {
    const socket = await openSocket(await signInOverHttp(app.url, 'otto', 'otto-password'));
    idp.users.delete('otto');
    const started = Date.now();
    const closed = await socket.closed;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(closed).toEqual({ code: CLOSE_CODES.revoked, reason: 'access revoked' });
    expect(socket.messages.at(-1)).toMatchObject({
      type: 'error',
      code: 'revoked',
      message: expect.stringContaining('session ended by the identity provider'),
    });
  });

  it('closes the websocket of a session whose time is up', async () => {
    const socket = await openSocket(await signInOverHttp(app.url, 'vic', 'vic-password'));
    // A healthy session: judged again several times, still open.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    clockOffset = 3_600_000 + 1_000;
    const closed = await socket.closed;
    expect(closed.code).toBe(CLOSE_CODES.revoked);
    expect(socket.messages.at(-1)).toMatchObject({ type: 'error', code: 'revoked', message: expect.stringContaining('session expired') });
  });
});
