import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows, type AccessRule, type Role } from '../../server/auth/types';
import { newToken } from '../../server/auth/tokens';
import { validateConfig } from '../../server/config/load';
import { STREAM_RULE } from '../../server/http/access';
import { request, upgrade, type RawRequest } from '../helpers/access';
import { startTestIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider';
import { signInOverHttp } from '../helpers/oidc-http-sign-in';
import { startTestServer, waitFor } from '../helpers/server';
import { startHttp } from './federation-helpers';

/** One kind of caller: the headers (and address) it sends, and the role the server should find, null for none. */
interface Caller {
  name: string;
  request: Omit<RawRequest, 'method' | 'body'>;
  role: Role | null;
  /** True for the one caller holding alerts.inbound's token. */
  alertmanager?: boolean;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What a caller must get on a route: let through (any status but 401, 403, 429), or refused with this status. */
function expected(rule: AccessRule, caller: Caller): 'through' | 401 | 403 {
  if (rule === 'public') return 'through';
  if (rule === 'alertmanager') return caller.alertmanager ? 'through' : 401;
  if (caller.role === null) return 401;
  return roleAllows(caller.role, rule) ? 'through' : 403;
}

/**
 * The errors the gate answers with (server/auth/gate.ts). A public route may
 * refuse on its own (the wall's exchange without a token: 401 `wall token
 * refused`), which is not the gate's doing: that request went through.
 */
const GATE_ERRORS = new Set([
  'sign-in required',
  'not authorized',
  'forbidden',
  'too many failed authentications from this address',
  'this server does not answer to that host name',
]);

/** A concrete path for a route's pattern. */
const concrete = (pattern: string) => pattern.replace(':name', 'edge').replace(':kind', 'health').replace(':id', 'no-such-id');

describe('every route and the websocket, for every kind of caller, as the access table says', () => {
  const tokens = { viewer: newToken(), operator: newToken(), admin: newToken(), revoked: newToken() };
  const inboundToken = 'inbound-token-0123456789';
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let dir: string;
  let idp: TestIdentityProvider;
  let callers: Caller[];
  // fleetscope's clock: moved on past the session length to let one session expire.
  let clockOffset = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-access-'));
    const tokensFile = path.join(dir, 'tokens.yaml');
    writeFileSync(tokensFile, `- { name: old-bot, role: admin, hash: "${tokens.revoked.hash}" }\n`);
    federate = await startHttp((_req, res) => res.end('up 1\n'));
    idp = await startTestIdentityProvider({
      users: {
        otto: { password: 'otto-password', name: 'Otto', email: 'otto@example.com', groups: ['sre'] },
        eve: { password: 'eve-password', name: 'Eve', email: 'eve@example.com', groups: ['platform-admins'] },
      },
    });
    writeFileSync(path.join(dir, 'client-secret'), idp.clientSecret);
    const config = validateConfig({
      clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }],
      alerts: { inbound: { token: inboundToken } },
      auth: {
        tokens: [
          { name: 'lobby-tv', role: 'viewer', hash: tokens.viewer.hash },
          { name: 'oncall', role: 'operator', hash: tokens.operator.hash },
          { name: 'root', role: 'admin', hash: tokens.admin.hash },
        ],
        tokensFile,
        // Every 127/8 address is this machine: the proxy connects from 127.0.0.2, everyone else from 127.0.0.1.
        proxy: { trustedAddresses: ['127.0.0.2'] },
        groups: { sre: 'operator', 'platform-admins': 'admin' },
        oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecretFile: path.join(dir, 'client-secret'), sessionTtl: '1h' },
        cookieKeyFile: path.join(dir, 'cookie.key'),
        // The matrix sends hundreds of wrong credentials from one address; the limit has its own test.
        failedAttemptsPerMinute: 100_000,
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, now: () => Date.now() + clockOffset });
    idp.register(app.url);

    // eve signs in (an admin), then her session's hour passes; otto signs in after that.
    const expired = await signInOverHttp(app.url, 'eve', 'eve-password');
    expect((await request(`${app.url}/api/me`, { headers: { cookie: expired } })).json).toMatchObject({ name: 'eve', role: 'admin', method: 'session' });
    clockOffset = 3_600_000 + 60_000;
    const session = await signInOverHttp(app.url, 'otto', 'otto-password');

    // old-bot's token worked, then its line left the tokens file.
    expect((await request(`${app.url}/api/me`, { headers: bearer(tokens.revoked.token) })).status).toBe(200);
    writeFileSync(tokensFile, '[]\n');
    await waitFor(
      'the revoked token to be refused',
      async () => (await request(`${app.url}/api/me`, { headers: bearer(tokens.revoked.token) })).status === 401,
    );

    callers = [
      { name: 'no credentials', request: {}, role: null },
      { name: 'a wrong token', request: { headers: bearer(newToken().token) }, role: null },
      { name: 'a revoked token', request: { headers: bearer(tokens.revoked.token) }, role: null },
      {
        name: 'proxy headers from an address that is not the proxy',
        request: { headers: { 'x-forwarded-user': 'mallory', 'x-forwarded-groups': 'platform-admins' }, localAddress: '127.0.0.1' },
        role: null,
      },
      { name: 'a viewer token', request: { headers: bearer(tokens.viewer.token) }, role: 'viewer' },
      { name: 'an operator token', request: { headers: bearer(tokens.operator.token) }, role: 'operator' },
      { name: 'an admin token', request: { headers: bearer(tokens.admin.token) }, role: 'admin' },
      {
        name: 'an operator through the trusted proxy',
        request: {
          headers: { 'x-forwarded-user': 'alice', 'x-forwarded-email': 'alice@example.com', 'x-forwarded-groups': 'dev, sre' },
          localAddress: '127.0.0.2',
        },
        role: 'operator',
      },
      { name: "alerts.inbound's token", request: { headers: bearer(inboundToken) }, role: null, alertmanager: true },
      // A browser signed in with OIDC sends its cookie and, on a change, fleetscope's own Origin.
      { name: "an operator's OIDC session", request: { headers: { cookie: session, origin: app.url } }, role: 'operator' },
      { name: 'an expired OIDC session', request: { headers: { cookie: expired, origin: app.url } }, role: null },
    ];
  });

  afterAll(async () => {
    await app?.close();
    await federate?.close();
    await idp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has an access rule for every route express answers', () => {
    // The list is express's own router stack: a route added without a rule in server/http/access.ts shows here.
    expect(app.routes.length).toBeGreaterThan(30);
    expect(app.routes.filter((r) => r.rule === undefined).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('gives the roles what docs/security.md says: viewers read, operators act on alerts, admins run the server', () => {
    // Independent of the table: what each kind of route must need, so a rule set too low in the table fails here.
    const reads = app.routes.filter((r) => r.method === 'GET');
    const writes = app.routes.filter((r) => ['POST', 'PUT', 'DELETE'].includes(r.method));
    const adminOnly = new Set(['/api/audit', '/-/reload']);
    // Prometheus' API reads that take POST form bodies too (Grafana and promtool send them so).
    const readsThatArePosts = new Set(['/api/v1/query', '/api/v1/query_range', '/api/v1/series', '/api/v1/labels']);
    const probes = new Set(['/healthz', '/readyz', '/-/healthy', '/-/ready']);
    // How one signs in (/auth/*) is open to everyone; each of those routes checks what it needs itself.
    const signIn = (p: string) => p.startsWith('/auth/');
    for (const r of reads)
      expect(`${r.method} ${r.path}: ${r.rule}`).toBe(
        `${r.method} ${r.path}: ${adminOnly.has(r.path) ? 'admin' : probes.has(r.path) || signIn(r.path) ? 'public' : 'viewer'}`,
      );
    for (const r of writes) {
      const want = adminOnly.has(r.path)
        ? 'admin'
        : readsThatArePosts.has(r.path)
          ? 'viewer'
          : r.path === '/api/alertmanager'
            ? 'alertmanager'
            : signIn(r.path)
              ? 'public'
              : 'operator';
      expect(`${r.method} ${r.path}: ${r.rule}`).toBe(`${r.method} ${r.path}: ${want}`);
    }
  });

  it('answers each route to each caller as its rule says, refusing with a JSON error and detail', async () => {
    const outcomes: string[] = [];
    const wanted: string[] = [];
    // Signing out ends the session the other routes are asked with: it goes last.
    const routes = [...app.routes].sort((a, b) => Number(a.path === '/auth/logout') - Number(b.path === '/auth/logout'));
    for (const route of routes) {
      const rule = route.rule ?? 'admin';
      // A route that only answers 405 for other methods is asked with OPTIONS.
      const method = route.method === '*' ? 'OPTIONS' : route.method;
      const url = `${app.url}${concrete(route.path)}`;
      for (const caller of callers) {
        const body = method === 'POST' || method === 'PUT' ? '{}' : undefined;
        const headers = { ...caller.request.headers, ...(body ? { 'content-type': 'application/json' } : {}) };
        const answer = await request(url, { ...caller.request, method, headers, body });
        const want = expected(rule, caller);
        const byGate = [401, 403, 429].includes(answer.status) && GATE_ERRORS.has((answer.json as { error?: string } | undefined)?.error ?? '');
        const got = byGate ? answer.status : 'through';
        outcomes.push(`${method} ${route.path} (${rule}) × ${caller.name}: ${got}`);
        wanted.push(`${method} ${route.path} (${rule}) × ${caller.name}: ${want}`);
        if (got !== 'through') {
          expect(answer.headers['content-type']).toContain('application/json');
          expect(answer.json).toMatchObject({ error: expect.any(String), detail: expect.any(String) });
        }
        if (got === 401 && rule !== 'alertmanager') expect(answer.headers['www-authenticate']).toBe('Bearer realm="fleetscope"');
      }
    }
    expect(outcomes).toEqual(wanted);
    // POST /auth/logout signed otto out: sign him in again for the tests after this one.
    const otto = callers.find((c) => c.name === "an operator's OIDC session");
    if (otto) otto.request = { headers: { cookie: await signInOverHttp(app.url, 'otto', 'otto-password'), origin: app.url } };
  });

  it('opens /ws only to a viewer or more, and refuses the others at the upgrade with the same JSON error', async () => {
    const url = `${app.url.replace('http', 'ws')}/ws`;
    for (const caller of callers) {
      const want = expected(STREAM_RULE, caller);
      const result = await upgrade(url, caller.request);
      if (want === 'through') {
        expect(result.kind, caller.name).toBe('open');
        if (result.kind === 'open') {
          await waitFor('the hello', () => result.messages.some((m) => m?.type === 'hello'));
          result.socket.close();
        }
      } else {
        expect(result, caller.name).toMatchObject({ kind: 'refused', status: want, json: { error: expect.any(String), detail: expect.any(String) } });
      }
    }
  });

  it('says who the caller is on /api/me, with what the role allows and never a secret', async () => {
    const viewer = await request(`${app.url}/api/me`, { headers: bearer(tokens.viewer.token) });
    expect(viewer.json).toEqual({
      name: 'lobby-tv',
      groups: [],
      role: 'viewer',
      method: 'token',
      may: { silence: false, retryNotifications: false, audit: false, reload: false },
      access: 'on',
    });
    expect(viewer.text).not.toContain(tokens.viewer.token);
    expect(viewer.text).not.toContain(tokens.viewer.hash);
    const proxied = await request(`${app.url}/api/me`, {
      headers: { 'x-forwarded-user': 'alice', 'x-forwarded-email': 'alice@example.com', 'x-forwarded-groups': 'sre' },
      localAddress: '127.0.0.2',
    });
    expect(proxied.json).toMatchObject({
      name: 'alice',
      email: 'alice@example.com',
      groups: ['sre'],
      role: 'operator',
      method: 'proxy',
      may: { silence: true, audit: false },
    });
  });

  it('refuses a proxied user whose groups map to no role with 403, naming the user', async () => {
    const answer = await request(`${app.url}/api/clusters`, {
      headers: { 'x-forwarded-user': 'bob', 'x-forwarded-groups': 'marketing' },
      localAddress: '127.0.0.2',
    });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      error: 'forbidden',
      detail: expect.stringContaining('bob is signed in through the proxy, but none of their groups (marketing)'),
    });
  });
});
