import { createHash, timingSafeEqual } from 'node:crypto';
import type { Identity, Role } from '../../server/auth/types';
import type { WallTokens } from '../../server/auth/wall/tokens';

const digest = (token: string) => createHash('sha256').update(token).digest();

/**
 * A token registry for tests of the wall token flow, standing in for the
 * registry of issue 17 (auth.tokens, auth.tokensFile) until it is merged:
 * tokens by name, kept hashed, revoked by name as deleting a line of the
 * tokens file would.
 */
export function testWallTokens(entries: readonly { name: string; role: Role; token: string }[]): WallTokens & { revoke(name: string): void } {
  const tokens = new Map(entries.map((e) => [e.name, { role: e.role, hash: digest(e.token) }]));
  const listeners = new Set<(credential: string) => void>();
  const identity = (name: string, role: Role): Identity => ({ method: 'token', name, groups: [], role, credential: `token:${name}`, viaCookie: false });
  return {
    verify(token) {
      const hash = digest(token);
      for (const [name, entry] of tokens) if (timingSafeEqual(hash, entry.hash)) return identity(name, entry.role);
      return null;
    },
    byCredential(credential) {
      const name = credential.replace(/^token:/, '');
      const entry = tokens.get(name);
      return entry ? identity(name, entry.role) : null;
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    revoke(name) {
      if (!tokens.delete(name)) return;
      for (const listener of listeners) listener(`token:${name}`);
    },
  };
}
