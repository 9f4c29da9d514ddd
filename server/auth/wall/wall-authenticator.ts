import { COOKIE_NAMES, readCookie } from '../cookies';
import type { Authenticator, Identity } from '../types';
import type { WallTokens } from './tokens';
import { decodeWallPass } from './wall-cookie';

export interface WallAuthOptions {
  readonly tokens: Pick<WallTokens, 'byCredential'>;
  /** Signs the wall cookie (CookieKeys.wall). */
  readonly key: Buffer;
  readonly now?: () => number;
}

/**
 * What a wall screen may do, whatever the role of the token it was given: a
 * screen on a wall only looks, and its cookie must not be able to silence
 * anything (docs/security.md, "The wall screen's token").
 */
export function wallIdentity(token: Identity): Identity {
  return { method: 'wall', name: token.name, groups: [], role: 'viewer', viaCookie: true, ...(token.credential ? { credential: token.credential } : {}) };
}

/**
 * The wall cookie as an Authenticator (method `wall`, role viewer, viaCookie):
 * `none` without the cookie, `refused` when it is not ours, has expired, or
 * its token has been revoked (or made anew under the same name) since.
 */
export function wallAuthenticator(options: WallAuthOptions): Authenticator {
  const now = options.now ?? Date.now;
  return {
    method: 'wall',
    authenticate(req) {
      const cookie = readCookie(req, COOKIE_NAMES.wall);
      if (cookie === undefined) return { kind: 'none' };
      const pass = decodeWallPass(options.key, cookie, now());
      if (!pass) return { kind: 'refused', reason: 'wall cookie not valid or expired' };
      const token = options.tokens.byCredential(pass.credential);
      if (!token || token.version !== pass.version) return { kind: 'refused', reason: 'the wall token has been revoked' };
      return { kind: 'ok', identity: wallIdentity(token.identity) };
    },
  };
}
