import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../server/auth/types';
import type { TokenRevocations, WallToken, WallTokens } from '../../server/auth/wall/tokens';

const digest = (token: string) => createHash('sha256').update(token).digest();

/**
 * A token registry for tests of the wall token flow, standing in for the
 * registry of issue 17 (auth.tokens, auth.tokensFile) until it is merged:
 * tokens by name, kept hashed, revoked by name as deleting a line of the
 * tokens file would, or replaced under the same name.
 */
export function testWallTokens(
  entries: readonly { name: string; role: Role; token: string }[],
): WallTokens & TokenRevocations & { revoke(name: string): void; replace(name: string, token: string): void } {
  const tokens = new Map(entries.map((e) => [e.name, { role: e.role, hash: digest(e.token) }]));
  const listeners = new Set<(credential: string) => void>();
  const wallToken = (name: string, entry: { role: Role; hash: Buffer }): WallToken => ({
    identity: { method: 'token', name, groups: [], role: entry.role, credential: `token:${name}`, viaCookie: false },
    version: createHash('sha256').update(entry.hash).digest('base64url').slice(0, 22),
  });
  const revoked = (name: string) => {
    for (const listener of listeners) listener(`token:${name}`);
  };
  return {
    verify(token) {
      const hash = digest(token);
      for (const [name, entry] of tokens) if (timingSafeEqual(hash, entry.hash)) return wallToken(name, entry);
      return null;
    },
    byCredential(credential) {
      const name = credential.replace(/^token:/, '');
      const entry = tokens.get(name);
      return entry ? wallToken(name, entry) : null;
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    revoke(name) {
      if (tokens.delete(name)) revoked(name);
    },
    replace(name, token) {
      const entry = tokens.get(name);
      if (!entry) return;
      tokens.set(name, { role: entry.role, hash: digest(token) });
      revoked(name);
    },
  };
}
