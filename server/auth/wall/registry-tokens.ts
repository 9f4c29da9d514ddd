import { createHash } from 'node:crypto';
import type { TokenEntry } from '../../config/schema/auth';
import { tokenCredential } from '../token-authenticator';
import { findToken } from '../tokens';
import type { WallToken, WallTokens } from './tokens';

function wallToken(entry: TokenEntry): WallToken {
  return {
    identity: { method: 'token', name: entry.name, groups: [], role: entry.role, credential: tokenCredential(entry.name), viaCookie: false },
    // A new token under the same name, or a new role, makes a new version: wall cookies made before are refused.
    version: createHash('sha256').update(`${entry.hash}\0${entry.role}`).digest('base64url').slice(0, 22),
  };
}

/** The bearer tokens in force (auth.tokens, auth.tokensFile, as the token registry reads them now), as the wall knows them. */
export function wallTokensOf(tokens: () => readonly TokenEntry[]): WallTokens {
  return {
    verify(token) {
      const entry = findToken(tokens(), token);
      return entry ? wallToken(entry) : null;
    },
    byCredential(credential) {
      const entry = tokens().find((t) => tokenCredential(t.name) === credential);
      return entry ? wallToken(entry) : null;
    },
  };
}
