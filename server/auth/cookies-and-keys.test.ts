import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cookieKeysFrom, loadCookieKeys } from './cookie-key';
import { roleOfGroups } from './roles';
import { decodeLogin, encodeLogin, safeNext } from './oidc/login-cookie';
import { seal, sessionSealKey, unseal } from './seal';
import { signJson, verifySignedJson } from './signed-value';
import { decodeWallPass, encodeWallPass } from './wall/wall-cookie';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const keys = cookieKeysFrom(Buffer.from('k'.repeat(44)));

describe('the cookie key file', () => {
  it('is created once, readable by its owner only, and the same keys come from it after a restart', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-key-'));
    dirs.push(dir);
    const file = path.join(dir, 'data', 'cookie.key');
    const first = loadCookieKeys(file);
    expect(first).toMatchObject({ ok: true, created: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadCookieKeys(file);
    expect(second).toMatchObject({ ok: true, created: false });
    if (!first.ok || !second.ok) return;
    expect(second.keys.session.equals(first.keys.session)).toBe(true);
    // One key per purpose: a wall cookie does not pass for a session cookie.
    expect(first.keys.wall.equals(first.keys.session)).toBe(false);
    expect(readFileSync(file, 'utf8').trim()).toHaveLength(44);
  });

  it('is refused, naming the setting, when it holds too little to be a key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-key-'));
    dirs.push(dir);
    const file = path.join(dir, 'cookie.key');
    writeFileSync(file, 'short\n');
    expect(loadCookieKeys(file)).toEqual({
      ok: false,
      problem: `auth.cookieKeyFile ${file}: holds 5 characters, too few for a key (at least 32, e.g. openssl rand -base64 32)`,
    });
  });
});

describe('signed and sealed values', () => {
  it('gives back only what it signed with the same key', () => {
    const value = signJson(keys.wall, { credential: 'token:lobby', expiresAt: 5 });
    expect(verifySignedJson(keys.wall, value)).toEqual({ credential: 'token:lobby', expiresAt: 5 });
    expect(verifySignedJson(keys.session, value)).toBeNull();
    const [payload = '', mac = ''] = value.split('.');
    const forged = `${Buffer.from(JSON.stringify({ credential: 'token:admin', expiresAt: 5 })).toString('base64url')}.${mac}`;
    expect(verifySignedJson(keys.wall, forged)).toBeNull();
    expect(verifySignedJson(keys.wall, payload)).toBeNull();
  });

  it('opens a sealed refresh token only with the same session secret', () => {
    const sealed = seal(sessionSealKey(keys.seal, 'secret-a'), 'refresh-token-1');
    expect(sealed).not.toContain('refresh-token-1');
    expect(unseal(sessionSealKey(keys.seal, 'secret-a'), sealed)).toBe('refresh-token-1');
    expect(unseal(sessionSealKey(keys.seal, 'secret-b'), sealed)).toBeNull();
  });

  it('lets a wall pass or a sign-in run only until they expire', () => {
    const pass = encodeWallPass(keys.wall, { credential: 'token:lobby', version: 'v1', expiresAt: 1000 });
    expect(decodeWallPass(keys.wall, pass, 999)).toEqual({ credential: 'token:lobby', version: 'v1', expiresAt: 1000 });
    expect(decodeWallPass(keys.wall, pass, 1000)).toBeNull();
    const login = encodeLogin(keys.login, { state: 's', nonce: 'n', codeVerifier: 'v', next: '/alerts', expiresAt: 1000 });
    expect(decodeLogin(keys.login, login, 10)).toMatchObject({ next: '/alerts' });
    expect(decodeLogin(keys.login, login, 1000)).toBeNull();
  });
});

describe('where a sign-in returns to', () => {
  it("is a path of fleetscope's own, never another site", () => {
    expect(safeNext('/clusters/prod?x=1')).toBe('/clusters/prod?x=1');
    for (const next of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'alerts', undefined, ['/a'], '/a\r\nSet-Cookie: x=1'])
      expect(safeNext(next)).toBe('/');
  });
});

describe('roleOfGroups', () => {
  const mapping = { 'sre-admins': 'admin', 'sre-oncall': 'operator', everyone: 'viewer' } as const;
  it('gives the highest role any group maps to, else the default, else none', () => {
    expect(roleOfGroups(['everyone', 'sre-oncall'], mapping, undefined)).toBe('operator');
    expect(roleOfGroups(['sre-admins', 'everyone'], mapping, undefined)).toBe('admin');
    expect(roleOfGroups(['marketing'], mapping, 'viewer')).toBe('viewer');
    expect(roleOfGroups(['marketing'], mapping, undefined)).toBeNull();
  });
});
