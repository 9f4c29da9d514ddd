import { describe, expect, it } from 'vitest';
import { TOKEN_HASH_PATTERN } from '../config/schema/auth';
import { findToken, newToken, tokenHash } from './tokens';

describe('bearer tokens', () => {
  it('are fst_ and 43 base64url characters, new each time, kept as a SHA-256 hash the config accepts', () => {
    const a = newToken();
    const b = newToken();
    expect(a.token).toMatch(/^fst_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toMatch(TOKEN_HASH_PATTERN);
    expect(tokenHash(a.token)).toBe(a.hash);
    expect(a.hash).not.toContain(a.token.slice(4));
  });
  it('are found by their hash, and a token that is not there is not', () => {
    const tokens = [newToken(), newToken()];
    const entries = tokens.map((t, i) => ({ name: `t${i}`, hash: t.hash }));
    expect(findToken(entries, tokens[1]?.token ?? '')?.name).toBe('t1');
    expect(findToken(entries, newToken().token)).toBeUndefined();
    expect(findToken(entries, '')).toBeUndefined();
  });
});
