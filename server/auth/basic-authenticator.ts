import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { authorizationCredentials } from './authorization-header';
import type { Authenticator, Role } from './types';

/** Successful checks remembered at most this long and this many, as Prometheus' exporter-toolkit keeps a small cache. */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 100;
/** The cost of the hash an unknown user's password is checked against, that of the hashes htpasswd -B makes by default. */
const UNKNOWN_USER_COST = 10;

export interface BasicAuthenticatorOptions {
  /** User → bcrypt hash: the web configuration file's basic_auth_users, as it reads now (it is re-read when it changes). */
  users: () => ReadonlyMap<string, string>;
  /** User → role (auth.users); a user not listed is a viewer. */
  roles: Readonly<Record<string, Role>>;
  now: () => number;
}

/** What a basic-auth user's identity hangs on: a user removed from the file closes what it opened. */
export const basicCredential = (user: string) => `basic:${user}`;

function decode(credentials: string): { user: string; password: string } | null {
  const text = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * HTTP basic auth over the web configuration file's bcrypt users
 * (`Authorization: Basic …`), as Prometheus and Alertmanager answer it. A
 * bcrypt check takes tens of milliseconds on purpose, so a success is
 * remembered for a minute under a hash of user, stored hash and password
 * (never the password itself): a scraper sending the same credentials every
 * 15 s costs one check a minute, and a changed file or password misses the
 * cache. Checks run one at a time, so guessing cannot take every core.
 */
export function createBasicAuthenticator(options: BasicAuthenticatorOptions): Authenticator {
  const verified = new Map<string, number>();
  // Checked against when the user is unknown, so that a wrong user costs what a wrong password costs.
  let unknownUserHash: Promise<string> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const check = (password: string, hash: string): Promise<boolean> => {
    const next = queue.then(() => bcrypt.compare(password, hash)).catch(() => false);
    queue = next;
    return next;
  };

  return {
    method: 'basic',
    async authenticate(req) {
      const credentials = authorizationCredentials(req, 'Basic');
      if (credentials === null) return { kind: 'none' };
      const given = decode(credentials);
      if (!given) return { kind: 'refused', reason: 'the basic credentials are not user:password' };
      const hash = options.users().get(given.user);
      const key = createHash('sha256')
        .update(`${given.user}\0${hash ?? ''}\0${given.password}`)
        .digest('hex');
      const at = options.now();
      const cached = verified.get(key);
      let ok = hash !== undefined && cached !== undefined && cached > at;
      if (!ok) {
        verified.delete(key);
        unknownUserHash ??= bcrypt.hash(randomBytes(16).toString('hex'), UNKNOWN_USER_COST);
        const matches = await check(given.password, hash ?? (await unknownUserHash));
        ok = hash !== undefined && matches;
        if (ok) {
          if (verified.size >= CACHE_ENTRIES) verified.delete(verified.keys().next().value ?? '');
          verified.set(key, at + CACHE_MS);
        }
      }
      if (!ok) return { kind: 'refused', reason: 'wrong user or password for basic auth' };
      const role = Object.hasOwn(options.roles, given.user) ? (options.roles[given.user] ?? 'viewer') : 'viewer';
      // A browser remembers basic credentials and sends them on its own: as ambient as a cookie.
      return { kind: 'ok', identity: { method: 'basic', name: given.user, groups: [], role, credential: basicCredential(given.user), viaCookie: true } };
    },
  };
}
