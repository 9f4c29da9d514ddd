import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../server/auth/tokens';
import { validateConfig } from '../../server/config/load';
import { CLOSE_CODES } from '../../shared/protocol';
import { request, upgrade } from '../helpers/access';
import { runServe } from '../helpers/command';
import { startTestServer, waitFor } from '../helpers/server';
import { startHttp } from './federation-helpers';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const line = (name: string, role: string, hash: string) => `- { name: ${name}, role: ${role}, hash: "${hash}" }\n`;

describe('bearer tokens: revoked or changed at once, open websockets included, and every change in the audit log', () => {
  const root = newToken();
  const tv = newToken();
  const bot = newToken();
  let dir: string;
  let tokensFile: string;
  let storePath: string;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let config: ReturnType<typeof validateConfig>;
  const audit = async () => (await request(`${app.url}/api/audit`, { headers: bearer(root.token) })).json.entries as Array<Record<string, string>>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-tokens-'));
    tokensFile = path.join(dir, 'tokens.yaml');
    storePath = path.join(dir, 'fleetscope.db');
    writeFileSync(tokensFile, line('lobby-tv', 'viewer', tv.hash) + line('ci-bot', 'operator', bot.hash));
    federate = await startHttp((_req, res) => res.end('up 1\n'));
    config = validateConfig({
      clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }],
      auth: { tokens: [{ name: 'root', role: 'admin', hash: root.hash }], tokensFile },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath });
  });

  afterAll(async () => {
    await app?.close();
    await federate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes the websocket of a token whose line leaves the tokens file within seconds, saying it was revoked, and refuses the token from then on', async () => {
    const wall = await upgrade(`${app.url.replace('http', 'ws')}/ws`, { headers: bearer(tv.token) });
    if (wall.kind !== 'open') throw new Error(`the wall's websocket was refused: ${wall.status} ${wall.text}`);
    await waitFor('the hello', () => wall.messages.some((m) => m?.type === 'hello'));
    const started = Date.now();
    writeFileSync(tokensFile, line('ci-bot', 'operator', bot.hash));
    const closed = await wall.closed;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(closed.code).toBe(CLOSE_CODES.revoked);
    expect(wall.messages.at(-1)).toEqual({ type: 'error', code: 'revoked', message: 'token lobby-tv was revoked' });
    const refused = await request(`${app.url}/api/clusters`, { headers: bearer(tv.token) });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'not authorized', detail: 'the bearer token is not one of auth.tokens (unknown, or revoked)' });
    expect(await audit()).toContainEqual(
      expect.objectContaining({ action: 'token.revoked', target: 'lobby-tv', actor: 'fleetscope', method: 'system', from: 'file change' }),
    );
  });

  it("closes a token's websockets when its role changes, and the new role applies at once", async () => {
    const socket = await upgrade(`${app.url.replace('http', 'ws')}/ws`, { headers: bearer(bot.token) });
    if (socket.kind !== 'open') throw new Error(`refused: ${socket.status}`);
    writeFileSync(tokensFile, line('ci-bot', 'viewer', bot.hash));
    expect((await socket.closed).code).toBe(CLOSE_CODES.revoked);
    const silence = await request(`${app.url}/api/silences`, {
      method: 'POST',
      headers: { ...bearer(bot.token), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(silence.status).toBe(403);
    expect(silence.json.detail).toBe('ci-bot (viewer) may not POST /api/silences: that needs the operator role');
    expect(await audit()).toContainEqual(
      expect.objectContaining({ action: 'token.changed', target: 'ci-bot', detail: expect.stringContaining('now role viewer') }),
    );
  });

  it('re-reads the tokens file on POST /-/reload (admins only), and keeps the tokens in force when the file no longer reads', async () => {
    const added = newToken();
    writeFileSync(tokensFile, line('ci-bot', 'viewer', bot.hash) + line('new-bot', 'viewer', added.hash));
    const byViewer = await request(`${app.url}/-/reload`, { method: 'POST', headers: bearer(bot.token) });
    expect(byViewer.status).toBe(403);
    const reload = await request(`${app.url}/-/reload`, { method: 'POST', headers: bearer(root.token) });
    expect(reload.status).toBe(200);
    expect(reload.json.reloaded).toEqual(['auth.tokensFile']);
    expect((await request(`${app.url}/api/me`, { headers: bearer(added.token) })).json).toMatchObject({ name: 'new-bot', role: 'viewer' });
    const entries = await audit();
    expect(entries).toContainEqual(expect.objectContaining({ action: 'token.added', target: 'new-bot', detail: 'role viewer' }));
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'config.reloaded', actor: 'root', method: 'token', from: '127.0.0.1', target: 'auth.tokensFile' }),
    );

    writeFileSync(tokensFile, '- { name: ci-bot, role: boss, hash: nope }\n');
    const broken = await request(`${app.url}/-/reload`, { method: 'PUT', headers: bearer(root.token) });
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual({
      error: 'the config could not be reloaded; what was in force stays in force',
      detail: expect.stringContaining(`auth.tokensFile: auth.tokensFile (${tokensFile}): [0].role: must be viewer, operator or admin`),
    });
    expect((await request(`${app.url}/api/me`, { headers: bearer(added.token) })).status).toBe(200);
    expect((await audit())[0]).toMatchObject({ action: 'config.reload_failed', actor: 'root' });
  });

  it('answers the audit log to admins only, newest first, a page at a time, and keeps it across a restart', async () => {
    const denied = await request(`${app.url}/api/audit`, { headers: bearer(bot.token) });
    expect(denied.status).toBe(403);
    const first = await request(`${app.url}/api/audit?limit=1`, { headers: bearer(root.token) });
    expect(first.json.entries).toHaveLength(1);
    expect(first.json.entries[0].at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const next = await request(`${app.url}/api/audit?limit=1&before=${first.json.next}`, { headers: bearer(root.token) });
    expect(next.json.entries[0].id).toBeLessThan(first.json.entries[0].id);
    const bad = await request(`${app.url}/api/audit?limit=0`, { headers: bearer(root.token) });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: 'invalid parameter "limit"' });

    const before = await audit();
    await app.close();
    if (!config.ok) throw new Error('unreachable');
    writeFileSync(tokensFile, line('ci-bot', 'viewer', bot.hash));
    app = await startTestServer({ config: config.config, storePath });
    expect((await audit()).slice(0, before.length)).toEqual(before);
  });
});

describe('SIGHUP reloads the tokens file, as POST /-/reload', () => {
  it('is in the audit log as a reload by the signal', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-sighup-'));
    const federate = await startHttp((_req, res) => res.end('up 1\n'));
    const admin = newToken();
    const tokensFile = path.join(dir, 'tokens.yaml');
    writeFileSync(tokensFile, '');
    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }],
        store: { path: path.join(dir, 'fleetscope.db') },
        auth: { tokens: [{ name: 'root', role: 'admin', hash: admin.hash }], tokensFile },
      }),
    );
    const outcome = await runServe({ configFile, host: '127.0.0.1' });
    if (outcome.kind !== 'running') throw new Error(`fleetscope did not start: ${outcome.output}`);
    try {
      outcome.child.process.kill('SIGHUP');
      const entry = await waitFor('the reload in the audit log', async () => {
        const answer = await request(`${outcome.child.url}/api/audit`, { headers: bearer(admin.token) });
        return (answer.json.entries as Array<Record<string, string>>).find((e) => e.action === 'config.reloaded');
      });
      expect(entry).toMatchObject({ actor: 'fleetscope', method: 'system', from: 'SIGHUP', target: 'auth.tokensFile', detail: 'nothing changed' });
    } finally {
      const closed = new Promise((resolve) => outcome.child.process.once('close', resolve));
      outcome.child.process.kill('SIGTERM');
      await closed;
      await federate.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
