import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hkdfSync, randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * The keys fleetscope's cookies are signed and sealed with, each derived
 * from the one key file (auth.cookieKeyFile) for one purpose only, so that
 * one kind of cookie can never be passed off as another.
 */
export interface CookieKeys {
  /** Signs the OIDC session cookie. */
  readonly session: Buffer;
  /** Signs the wall screen's cookie. */
  readonly wall: Buffer;
  /** Signs the short-lived cookie that carries a sign-in from /auth/login to /auth/callback. */
  readonly login: Buffer;
  /** Seals refresh tokens in the store (mixed with each session's own secret). */
  readonly seal: Buffer;
}

export type CookieKeysResult = { ok: true; keys: CookieKeys; created: boolean } | { ok: false; problem: string };

/** Fewer characters than this in the key file is not a key (32 random bytes in base64 are 44). */
const MIN_KEY_CHARS = 32;

function derive(material: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'fleetscope cookie key', purpose, 32));
}

/** The keys derived from a key file's content (tests and the loader share it). */
export function cookieKeysFrom(material: Buffer): CookieKeys {
  return { session: derive(material, 'session'), wall: derive(material, 'wall'), login: derive(material, 'login'), seal: derive(material, 'seal') };
}

/**
 * Reads the key file, or creates it (mode 0600, with its folder) holding 32
 * random bytes in base64 when it does not exist. The file's content, not its
 * name, is the secret: a fleetscope restarted with the same file keeps every
 * session and wall cookie valid; replacing the file signs everyone out.
 */
export function loadCookieKeys(file: string): CookieKeysResult {
  try {
    let created = false;
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      created = true;
    }
    const material = Buffer.from(readFileSync(file, 'utf8').trim());
    if (material.length < MIN_KEY_CHARS)
      return {
        ok: false,
        problem: `auth.cookieKeyFile ${file}: holds ${material.length} characters, too few for a key (at least ${MIN_KEY_CHARS}, e.g. openssl rand -base64 32)`,
      };
    return { ok: true, keys: cookieKeysFrom(material), created };
  } catch (error) {
    return { ok: false, problem: `auth.cookieKeyFile ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
