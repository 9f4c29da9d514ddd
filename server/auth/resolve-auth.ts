import type { AuthConfig, TokenEntry } from '../config/schema/auth';
import { addressSet, type AddressSet } from './addresses';
import { readTokens } from './token-file';

/** The auth section with what it points at read: the tokens (auth.tokens and the tokens file) and the trusted proxies' addresses. */
export interface ResolvedAuth {
  readonly tokens: readonly TokenEntry[];
  /** Null without auth.proxy. */
  readonly trustedProxies: AddressSet | null;
}

/** Reads the tokens file and checks the proxy addresses; every problem names its config path, never a token. */
export function resolveAuth(auth: AuthConfig): { ok: true; auth: ResolvedAuth } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const tokens = readTokens(auth);
  if (!tokens.ok) problems.push(...tokens.problems);
  let trustedProxies: AddressSet | null = null;
  if (auth.proxy) {
    const set = addressSet(auth.proxy.trustedAddresses);
    if (set.ok) trustedProxies = set.set;
    else
      problems.push(
        ...set.bad.map(
          (bad) =>
            `auth.proxy.trustedAddresses[${auth.proxy?.trustedAddresses.indexOf(bad)}]: ${JSON.stringify(bad)} is not an address or a CIDR (e.g. 10.0.0.5, 10.0.0.0/24, fd00::/8)`,
        ),
      );
  }
  if (problems.length || !tokens.ok) return { ok: false, problems };
  return { ok: true, auth: { tokens: tokens.tokens, trustedProxies } };
}

/** The ways of authenticating the auth section sets up, by config key, for the safe default (access-mode.ts). */
export function configuredWays(auth: AuthConfig): string[] {
  return [
    ...(auth.tokens.length ? ['auth.tokens'] : []),
    ...(auth.tokensFile !== undefined ? ['auth.tokensFile'] : []),
    ...(auth.proxy ? ['auth.proxy'] : []),
    ...(auth.oidc ? ['auth.oidc'] : []),
  ];
}
