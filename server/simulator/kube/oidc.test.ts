import { describe, expect, it } from 'vitest';
import { OidcIssuer } from './oidc';

const ISSUER = 'https://127.0.0.1:6443/oidc';
let clock = Date.UTC(2026, 10, 21, 12, 0, 0);
const issuer = new OidcIssuer(
  () => ISSUER,
  'kubernetes',
  () => clock,
);

const claims = (token: string): unknown => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

describe('OidcIssuer', () => {
  it('mints an RS256 ID token with the standard claims and authenticates it as oidc:SUB in its groups', () => {
    const token = issuer.mint('alice', { groups: ['sre'], expiresInS: 600 });
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const now = Math.floor(clock / 1000);
    expect(claims(token)).toEqual({ iss: ISSUER, aud: 'kubernetes', sub: 'alice', iat: now, exp: now + 600, groups: ['sre'] });
    expect(issuer.authenticate(token)).toEqual({ name: 'oidc:alice', groups: ['sre', 'system:authenticated'] });
  });

  it('refuses a token once its exp has passed', () => {
    const token = issuer.mint('alice', { expiresInS: 60 });
    clock += 59_000;
    expect(issuer.authenticate(token)?.name).toBe('oidc:alice');
    clock += 1_000;
    expect(issuer.authenticate(token)).toBeNull();
    expect(issuer.authenticate(issuer.mint('alice', { expiresInS: -1 }))).toBeNull();
  });

  it('refuses another issuer, another audience, a changed payload, a foreign key and things that are not JWTs', () => {
    expect(issuer.authenticate(issuer.mint('alice', { issuer: 'https://accounts.example.com' }))).toBeNull();
    expect(issuer.authenticate(issuer.mint('alice', { audience: 'other-client' }))).toBeNull();
    const [header, , signature] = issuer.mint('alice').split('.');
    const forged = Buffer.from(JSON.stringify({ iss: ISSUER, aud: 'kubernetes', sub: 'admin', exp: 4e9 })).toString('base64url');
    expect(issuer.authenticate(`${header}.${forged}.${signature}`)).toBeNull();
    // Same issuer URL and client id, its own key: the signature does not verify.
    const impostor = new OidcIssuer(
      () => ISSUER,
      'kubernetes',
      () => clock,
    );
    expect(issuer.authenticate(impostor.mint('alice'))).toBeNull();
    for (const junk of ['', 'a.b', 'a.b.c', 'sim-token-123']) expect(issuer.authenticate(junk)).toBeNull();
  });

  it('authenticates nobody before it has minted a token (no key yet)', () => {
    const fresh = new OidcIssuer(
      () => ISSUER,
      'kubernetes',
      () => clock,
    );
    expect(fresh.authenticate(issuer.mint('alice'))).toBeNull();
  });
});
