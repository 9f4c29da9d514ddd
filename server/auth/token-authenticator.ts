import type { TokenEntry } from '../config/schema/auth';
import { authorizationCredentials } from './authorization-header';
import { findToken } from './tokens';
import type { Authenticator } from './types';

/** What a token's identity hangs on: revoking the token closes what it opened. */
export const tokenCredential = (name: string) => `token:${name}`;

/**
 * Bearer tokens (`Authorization: Bearer fst_…`) for automation, the CLI and
 * wall screens: the token's name and role, looked up by its hash in the
 * tokens in force at this moment, so a revoked one is refused at once.
 */
export function createTokenAuthenticator(options: { tokens: () => readonly TokenEntry[] }): Authenticator {
  return {
    method: 'token',
    authenticate(req) {
      const token = authorizationCredentials(req, 'Bearer');
      if (token === null) return { kind: 'none' };
      const entry = findToken(options.tokens(), token);
      if (!entry) return { kind: 'refused', reason: 'the bearer token is not one of auth.tokens (unknown, or revoked)' };
      return {
        kind: 'ok',
        identity: { method: 'token', name: entry.name, groups: [], role: entry.role, credential: tokenCredential(entry.name), viaCookie: false },
      };
    },
  };
}
