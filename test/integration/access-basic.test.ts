import http from 'node:http';
import bcrypt from 'bcryptjs';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostCheck } from '../../server/auth/allowed-hosts';
import { createBasicAuthenticator } from '../../server/auth/basic-authenticator';
import { createAuthChain } from '../../server/auth/chain';
import { createGate } from '../../server/auth/gate';
import { accessGuard } from '../../server/http/guard';
import { createMeRouter } from '../../server/http/me';
import { request } from '../helpers/access';
import { memoryLogger } from '../helpers/server';

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

/**
 * Basic auth over a users map as the web configuration file gives it
 * (user → bcrypt hash, `$2y$` as htpasswd -B writes it), through the real
 * chain, gate and routes, served on 127.0.0.1.
 */
describe('basic auth over the web configuration file’s bcrypt users', () => {
  const users = new Map<string, string>();
  let server: http.Server;
  let url: string;
  const { logger, lines } = memoryLogger();

  beforeAll(async () => {
    // htpasswd -B and Prometheus' docs write $2y$; bcryptjs writes $2b$: the same algorithm.
    users.set('alice', bcrypt.hashSync('alice-secret', 12).replace(/^\$2b\$/, '$2y$'));
    users.set('bob', bcrypt.hashSync('bob-secret', 10));
    const authenticators = [createBasicAuthenticator({ users: () => users, roles: { alice: 'admin' }, now: Date.now })];
    const chain = createAuthChain({ authenticators, failedAttemptsPerMinute: 100, trustedProxies: null, logger, now: Date.now });
    const gate = createGate({
      mode: 'on',
      chain,
      hostAllowed: createHostCheck({ allowedHosts: [], listenHost: '127.0.0.1' }),
      inbound: { configured: false, allowed: () => false },
      challenges: ['Basic realm="fleetscope"'],
      howToSignIn: 'sign in with a user of the web configuration file (basic auth)',
    });
    const app = express();
    app.use(accessGuard(gate));
    app.use('/api', createMeRouter({ mode: 'on' }));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('signs a user in with the role auth.users gives, a user not listed as a viewer, and asks a browser for credentials with a Basic challenge', async () => {
    expect((await request(`${url}/api/me`, { headers: basic('alice', 'alice-secret') })).json).toMatchObject({ name: 'alice', role: 'admin', method: 'basic' });
    expect((await request(`${url}/api/me`, { headers: basic('bob', 'bob-secret') })).json).toMatchObject({ name: 'bob', role: 'viewer', method: 'basic' });
    const anonymous = await request(`${url}/api/me`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="fleetscope"');
  });

  it('refuses a wrong password and an unknown user alike, logging neither password', async () => {
    for (const [user, password] of [
      ['alice', 'wrong-password-1'],
      ['mallory', 'wrong-password-2'],
    ] as const) {
      const answer = await request(`${url}/api/me`, { headers: basic(user, password) });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: 'not authorized', detail: 'wrong user or password for basic auth' });
    }
    expect(lines.join('\n')).not.toMatch(/wrong-password|alice-secret/);
  });

  it('checks a password with bcrypt once, then answers from a short cache, which a changed password misses', async () => {
    const timed = async (password: string) => {
      const started = performance.now();
      const answer = await request(`${url}/api/me`, { headers: basic('alice', password) });
      return { status: answer.status, ms: performance.now() - started };
    };
    users.set('alice', bcrypt.hashSync('new-secret', 12));
    const first = await timed('new-secret');
    const again = await timed('new-secret');
    expect([first.status, again.status]).toEqual([200, 200]);
    // Cost 12 takes a few hundred milliseconds in JavaScript; a cached answer takes a few.
    expect(first.ms).toBeGreaterThan(100);
    expect(again.ms).toBeLessThan(first.ms / 4);
    expect((await timed('alice-secret')).status).toBe(401);
  });
});
