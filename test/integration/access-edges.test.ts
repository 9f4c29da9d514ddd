import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../server/auth/tokens';
import { validateConfig } from '../../server/config/load';
import { request, upgrade } from '../helpers/access';
import { startTestServer } from '../helpers/server';
import { startHttp } from './federation-helpers';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const alertmanagerBody = JSON.stringify({ version: '4', status: 'firing', receiver: 'fleetscope', groupKey: '{}', alerts: [] });

describe('DNS rebinding: a page of another site whose name points at fleetscope', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let port: string;

  beforeAll(async () => {
    federate = await startHttp((_req, res) => res.end('up 1\n'));
    // Open on loopback, as the demo: the case rebinding attacks, since no credential stands in the way.
    const config = validateConfig({
      clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }],
      server: { externalUrl: 'https://fleetscope.example.com', allowedHosts: ['fleetscope.internal', '.wall.example.org'] },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
    port = new URL(app.url).port;
  });
  afterAll(async () => {
    await app?.close();
    await federate?.close();
  });

  it('cannot read or act over HTTP: Host and Origin both the attacker’s name answer 403', async () => {
    const attacker = { host: `rebind.attacker.example:${port}`, origin: `http://rebind.attacker.example:${port}` };
    for (const [method, route] of [
      ['GET', '/api/clusters'],
      ['GET', '/federate?match[]=up'],
      ['POST', '/api/silences'],
    ] as const) {
      const answer = await request(`${app.url}${route}`, {
        method,
        headers: { ...attacker, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(answer.status, `${method} ${route}`).toBe(403);
      expect(answer.json).toEqual({
        error: 'this server does not answer to that host name',
        detail: expect.stringContaining(`Host "rebind.attacker.example:${port}" is not server.externalUrl's host`),
      });
    }
  });

  it('cannot open /ws: refused at the upgrade with 403 and the reason', async () => {
    const result = await upgrade(`${app.url.replace('http', 'ws')}/ws`, {
      headers: { host: `rebind.attacker.example:${port}`, origin: `http://rebind.attacker.example:${port}` },
    });
    expect(result).toMatchObject({ kind: 'refused', status: 403, json: { error: 'this server does not answer to that host name' } });
  });

  it("answers fleetscope's own names: the external URL's, the allowed hosts, addresses and localhost; probes answer any name", async () => {
    for (const host of ['fleetscope.example.com', 'fleetscope.internal', 'tv3.wall.example.org', `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await request(`${app.url}/api/clusters`, { headers: { host } })).status, host).toBe(200);
    }
    const ws = await upgrade(`${app.url.replace('http', 'ws')}/ws`, { headers: { host: 'fleetscope.example.com', origin: 'https://fleetscope.example.com' } });
    expect(ws.kind).toBe('open');
    if (ws.kind === 'open') ws.socket.close();
    expect((await request(`${app.url}/healthz`, { headers: { host: 'anything.example' } })).status).toBe(200);
  });
});

describe('failed authentications are limited per client address and logged without the secret', () => {
  const inbound = 'inbound-token-0123456789';
  const viewer = newToken();
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let federate: Awaited<ReturnType<typeof startHttp>>;

  beforeAll(async () => {
    federate = await startHttp((_req, res) => res.end('up 1\n'));
    const config = validateConfig({
      clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }],
      alerts: { inbound: { token: inbound } },
      auth: { tokens: [{ name: 'lobby-tv', role: 'viewer', hash: viewer.hash }], failedAttemptsPerMinute: 3 },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  });
  afterAll(async () => {
    await app?.close();
    await federate?.close();
  });

  it('answers 429 with Retry-After once an address failed the limit, even with a right token, while other addresses go on', async () => {
    const guesses = [newToken().token, newToken().token, newToken().token];
    for (const guess of guesses) {
      const answer = await request(`${app.url}/api/clusters`, { headers: bearer(guess), localAddress: '127.0.0.5' });
      expect(answer.status).toBe(401);
    }
    const limited = await request(`${app.url}/api/clusters`, { headers: bearer(viewer.token), localAddress: '127.0.0.5' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(50);
    expect(limited.json).toEqual({
      error: 'too many failed authentications from this address',
      detail: expect.stringMatching(/^3 failed authentications from 127\.0\.0\.5 in the last minute \(auth\.failedAttemptsPerMinute\); try again in \d+ s$/),
    });
    const ws = await upgrade(`${app.url.replace('http', 'ws')}/ws`, { headers: bearer(viewer.token), localAddress: '127.0.0.5' });
    expect(ws).toMatchObject({ kind: 'refused', status: 429, headers: { 'retry-after': expect.any(String) } });
    expect((await request(`${app.url}/api/clusters`, { headers: bearer(viewer.token), localAddress: '127.0.0.6' })).status).toBe(200);

    const failures = app.logs.filter((l) => l.includes('authentication failed'));
    expect(failures).toHaveLength(3);
    expect(JSON.parse(failures[0] ?? '{}')).toMatchObject({ component: 'auth', address: '127.0.0.5', method: 'token', path: '/api/clusters' });
    for (const guess of guesses) expect(app.logs.join('\n')).not.toContain(guess.slice(4));
    expect(app.logs.some((l) => l.includes('127.0.0.5 failed to authenticate 3 times in a minute'))).toBe(true);
  });

  it("takes POST /api/alertmanager only with alerts.inbound's own token, not a fleetscope token", async () => {
    const post = (authorization?: string) =>
      request(`${app.url}/api/alertmanager?cluster=edge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: alertmanagerBody,
        localAddress: '127.0.0.7',
      });
    const none = await post();
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: 'sign-in required', detail: expect.stringContaining("needs alerts.inbound's bearer token") });
    expect((await post(`Bearer ${viewer.token}`)).status).toBe(401);
    const accepted = await post(`Bearer ${inbound}`);
    expect(accepted.status).toBe(200);
    expect(accepted.json).toEqual({ accepted: { firing: 0, resolved: 0 } });
  });
});

describe('POST /api/alertmanager whenever access control is on', () => {
  it('is refused, saying alerts.inbound.token must be set, when no inbound token is configured', async () => {
    const federate = await startHttp((_req, res) => res.end('up 1\n'));
    const config = validateConfig({
      clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }],
      auth: { tokens: [{ name: 'root', role: 'admin', hash: newToken().hash }] },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const app = await startTestServer({ config: config.config });
    try {
      const answer = await request(`${app.url}/api/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: alertmanagerBody });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        error: 'not authorized',
        detail: 'POST /api/alertmanager needs alerts.inbound.token (or token_file) whenever access control is on, and none is configured',
      });
    } finally {
      await app.close();
      await federate.close();
    }
  });
});
