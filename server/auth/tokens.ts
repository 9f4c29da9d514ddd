import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every bearer token fleetscope makes starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'fst_';
/**
 * A new bearer token and the hash the config keeps. The token is 32 random
 * bytes: with 256 bits to guess, one SHA-256 is as safe as bcrypt and costs
 * microseconds per request instead of tens of milliseconds.
 */
export function newToken(): { token: string; hash: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: tokenHash(token) };
}

export function tokenHash(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

/**
 * The entry whose hash is the token's, or undefined. Every entry is
 * compared, in constant time, so the answer's timing says nothing about
 * which hashes exist.
 */
export function findToken<T extends { readonly hash: string }>(entries: readonly T[], token: string): T | undefined {
  const given = Buffer.from(tokenHash(token));
  let found: T | undefined;
  for (const entry of entries) {
    const wanted = Buffer.from(entry.hash);
    if (wanted.length === given.length && timingSafeEqual(wanted, given)) found ??= entry;
  }
  return found;
}
