import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND, ROOT, runServe, type ServeChild } from '../helpers/command';
import { request } from '../helpers/access';
import { startTestServer } from '../helpers/server';
import { startHttp } from './federation-helpers';

const run = promisify(execFile);

/** This machine's addresses that are not loopback (the one `hostname -I` prints first, typically). */
const external = Object.values(os.networkInterfaces())
  .flat()
  .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
  .map((a) => a?.address ?? '');
/** Every address but loopback: the wildcard, and this machine's own address when it has one. */
const NON_LOOPBACK = ['0.0.0.0', ...external.slice(0, 1)];

async function stop(child: ServeChild): Promise<string> {
  const closed = new Promise((resolve) => child.process.once('close', resolve));
  child.process.kill('SIGTERM');
  await closed;
  return child.output.join('');
}

describe('safe defaults: open on loopback, refused elsewhere unless authentication is configured or access control is off on purpose', () => {
  let dir: string;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  const cluster = () => ({ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } });
  const writeConfig = (name: string, document: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(document));
    return file;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-defaults-'));
    federate = await startHttp((_req, res) => res.end('up 1\n'));
  });
  afterAll(async () => {
    await federate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(NON_LOOPBACK)('refuses to start on %s with nothing configured, saying how to configure it (exit code 2)', async (host) => {
    const configFile = writeConfig('open.json', { clusters: [cluster()], store: { path: path.join(dir, 'open.db') } });
    const outcome = await runServe({ configFile, host });
    expect(outcome.kind).toBe('exited');
    if (outcome.kind !== 'exited') return void (await stop(outcome.child));
    expect(outcome.code).toBe(2);
    expect(outcome.output).toContain(`fleetscope would listen on ${host}, which is not a loopback address, and no way of authenticating is configured`);
    expect(outcome.output).toContain('fleetscope token create --name NAME --role admin');
    expect(outcome.output).toContain('auth.proxy.trustedAddresses');
    expect(outcome.output).toContain('set auth.mode: none to serve it open on purpose');
  });

  it.each(NON_LOOPBACK)('starts on %s with auth.mode: none, warns in the log, and /api/me says access control is off', async (host) => {
    const configFile = writeConfig('none.json', { clusters: [cluster()], auth: { mode: 'none' }, store: { path: path.join(dir, 'none.db') } });
    const outcome = await runServe({ configFile, host });
    expect(outcome.kind).toBe('running');
    if (outcome.kind !== 'running') return;
    try {
      const me = await request(`${outcome.child.url}/api/me`);
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ name: 'anonymous', role: 'admin', method: 'none', access: 'none' });
    } finally {
      const output = await stop(outcome.child);
      const warning = output.split('\n').find((l) => l.includes('auth.mode is none'));
      expect(warning && JSON.parse(warning)).toMatchObject({ level: 40, component: 'auth', host });
    }
  });

  it('makes a token with `fleetscope token create`, printed once with the entry for the config, and serves a non-loopback address with it', async () => {
    const { stdout } = await run(COMMAND, ['token', 'create', '--name', 'lobby-tv', '--role', 'viewer'], { cwd: ROOT });
    const token = /^ {2}(fst_\S+)$/m.exec(stdout)?.[1];
    const entry = /^ {2}(- \{ name: lobby-tv, role: viewer, hash: "sha256:[0-9a-f]{64}" \})$/m.exec(stdout)?.[1];
    expect(token).toMatch(/^fst_[A-Za-z0-9_-]{43}$/);
    expect(entry).toBeDefined();
    expect(stdout).toContain('shown only this once');
    // The entry goes into a YAML config as printed.
    const configFile = path.join(dir, 'tokens.yaml');
    writeFileSync(
      configFile,
      `clusters:\n  - name: edge\n    prometheus: { url: "${federate.url}/federate", timeout: 1s }\nstore: { path: "${path.join(dir, 'tokens.db')}" }\nauth:\n  tokens:\n    ${entry}\n`,
    );
    const host = NON_LOOPBACK[NON_LOOPBACK.length - 1] ?? '0.0.0.0';
    const outcome = await runServe({ configFile, host });
    expect(outcome.kind).toBe('running');
    if (outcome.kind !== 'running') return;
    try {
      const anonymous = await request(`${outcome.child.url}/api/clusters`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.json).toMatchObject({ error: 'sign-in required', detail: expect.stringContaining('GET /api/clusters needs the viewer role') });
      const me = await request(`${outcome.child.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.json).toMatchObject({ name: 'lobby-tv', role: 'viewer', method: 'token', access: 'on' });
    } finally {
      const output = await stop(outcome.child);
      expect(output).not.toContain(token);
    }
  });

  it('refuses a bad token command with exit code 2', async () => {
    const bad = await run(COMMAND, ['token', 'create', '--name', 'Lobby TV', '--role', 'boss'], { cwd: ROOT }).catch((error: unknown) => error);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('--role: must be viewer, operator or admin') });
    expect(bad).toMatchObject({ stderr: expect.stringContaining('--name: must be lower-case letters') });
  });

  it('refuses auth.mode: none beside a way of authenticating, naming both (exit code 2)', async () => {
    const configFile = writeConfig('both.json', {
      clusters: [cluster()],
      auth: { mode: 'none', proxy: { trustedAddresses: ['10.0.0.5'] } },
      store: { path: path.join(dir, 'both.db') },
    });
    const outcome = await runServe({ configFile, host: '127.0.0.1' });
    expect(outcome).toMatchObject({
      kind: 'exited',
      code: 2,
      output: expect.stringContaining('auth.mode: none turns access control off, but auth.proxy is configured'),
    });
  });

  it('is open on loopback with nothing configured, as the demo always was: everyone may do everything', async () => {
    const app = await startTestServer();
    try {
      const me = await request(`${app.url}/api/me`);
      expect(me.json).toEqual({
        name: 'anonymous',
        groups: [],
        role: 'admin',
        method: 'none',
        may: { silence: true, retryNotifications: true, audit: true, reload: true },
        access: 'loopback',
      });
      const silence = await fetch(`${app.url}/api/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          matchers: [{ name: 'cluster', value: 'x' }],
          endsAt: new Date(Date.now() + 60_000).toISOString(),
          createdBy: 'sre',
          comment: 'c',
        }),
      });
      expect(silence.status).toBe(201);
    } finally {
      await app.close();
    }
  });
});
