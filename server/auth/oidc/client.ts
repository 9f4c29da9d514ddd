import * as oidc from 'openid-client';
import type { Logger } from '../../log';
import { userClaims, type UserClaims } from './claims';

/** Seconds each request to the provider may take. */
const PROVIDER_TIMEOUT_S = 10;
/** After a failed discovery, the next sign-in tries again no sooner than this. */
const DISCOVERY_RETRY_MS = 5_000;

/**
 * Why a provider call failed: `refused` (the provider answered no: an OAuth
 * error such as invalid_grant, access_denied), `unreachable` (no answer, a
 * time-out, a 5xx), `bad_response` (an answer that does not check out: a
 * wrong issuer, a bad ID token signature or nonce).
 */
export type ProviderFailure = { readonly ok: false; readonly kind: 'refused' | 'unreachable' | 'bad_response'; readonly message: string };

/** What a successful sign-in or refresh gives: the user and when to ask the provider again. */
export interface SignedIn {
  readonly user: UserClaims;
  /** The refresh token (never logged, never sent to a browser); null when the provider gave none (then the previous one stays). */
  readonly refreshToken: string | null;
  /** When the access token expires (epoch ms); null when the provider did not say. */
  readonly accessExpiresAt: number | null;
}

/** What /auth/login keeps (in its signed cookie) until the provider sends the browser back. */
export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface OidcClientOptions {
  readonly issuer: string;
  readonly clientId: string;
  /** Absent: a public client (PKCE only, token endpoint auth "none"). */
  readonly clientSecret?: string;
  readonly scopes: readonly string[];
  readonly groupsClaim: string;
  /** fleetscope's own base URL (server.externalUrl, or the listen URL): the redirect URI is this + /auth/callback. */
  readonly baseUrl: () => string;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** The provider as fleetscope uses it: authorization code with PKCE, refresh, revocation, RP-initiated logout. */
export interface OidcClient {
  /** Where to send the browser to sign in, and what to keep until it comes back. */
  begin(): Promise<{ ok: true; url: URL; pending: PendingLogin } | ProviderFailure>;
  /** The user, from the URL the provider sent the browser back to (checks state, nonce, PKCE, the ID token). */
  finish(callbackUrl: URL, pending: PendingLogin): Promise<({ ok: true } & SignedIn) | ProviderFailure>;
  /** Asks the provider again with the refresh token; groups and name come back current. */
  refresh(refreshToken: string, subject: string): Promise<({ ok: true } & SignedIn) | ProviderFailure>;
  /** Revokes a refresh token at the provider when it offers revocation (sign-out); failures are logged, not returned. */
  revoke(refreshToken: string): Promise<void>;
  /** The provider's end-session URL (RP-initiated logout, by client_id) coming back to /auth/signed-out; null when it offers none. */
  logoutUrl(): Promise<URL | null>;
  readonly redirectUri: () => string;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Classifies what openid-client threw (fetch's TypeError, its ClientError, OAuth error answers). */
export function providerFailure(error: unknown, doing: string): ProviderFailure {
  const message = `${doing}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof oidc.ResponseBodyError) {
    const detail = `${doing}: the provider answered ${error.status} ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`;
    return { ok: false, kind: error.status >= 500 ? 'unreachable' : 'refused', message: detail };
  }
  if (error instanceof oidc.AuthorizationResponseError)
    return { ok: false, kind: 'refused', message: `${doing}: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}` };
  if (error instanceof TypeError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, kind: 'unreachable', message: `${message}${cause}` };
  }
  if (error instanceof oidc.ClientError && ['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM'].includes(error.code ?? ''))
    return { ok: false, kind: 'unreachable', message };
  return { ok: false, kind: 'bad_response', message };
}

/**
 * An OpenID Connect relying party over openid-client. The provider is
 * discovered on first use, not at start-up, so fleetscope (and its wall
 * screens) start while the provider is down; a failed discovery is tried again
 * at a later sign-in. Plain http is allowed only for a provider on loopback
 * (tests, a provider beside fleetscope).
 */
export function createOidcClient(options: OidcClientOptions): OidcClient {
  const now = options.now ?? Date.now;
  const logger = options.logger.child({ component: 'oidc', issuer: options.issuer });
  const issuer = new URL(options.issuer);
  const insecure = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
  let discovered: Promise<oidc.Configuration> | null = null;
  let failedAt = -Infinity;

  const configuration = async (): Promise<oidc.Configuration | ProviderFailure> => {
    if (!discovered && now() - failedAt < DISCOVERY_RETRY_MS)
      return { ok: false, kind: 'unreachable', message: `discovery of ${options.issuer} failed moments ago; try again shortly` };
    discovered ??= oidc.discovery(
      issuer,
      options.clientId,
      options.clientSecret === undefined ? { token_endpoint_auth_method: 'none' } : options.clientSecret,
      options.clientSecret === undefined ? oidc.None() : undefined,
      { timeout: PROVIDER_TIMEOUT_S, execute: insecure ? [oidc.allowInsecureRequests] : [] },
    );
    try {
      return await discovered;
    } catch (error) {
      discovered = null;
      failedAt = now();
      const failure = providerFailure(error, `discovery of ${options.issuer}`);
      logger.warn({ kind: failure.kind }, failure.message);
      return failure;
    }
  };
  const redirectUri = () => `${options.baseUrl().replace(/\/+$/, '')}/auth/callback`;

  /** The user from an ID token's claims, with userinfo's on top when the provider has the endpoint (some send groups only there). */
  const userOf = async (
    config: oidc.Configuration,
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
    subject: string | null,
  ): Promise<({ ok: true } & SignedIn) | ProviderFailure> => {
    const idClaims: Record<string, unknown> = { ...tokens.claims() };
    const sub = typeof idClaims.sub === 'string' ? idClaims.sub : subject;
    if (subject !== null && sub !== subject) return { ok: false, kind: 'bad_response', message: 'the refreshed ID token names another user (sub)' };
    if (!sub) return { ok: false, kind: 'bad_response', message: 'the provider gave no ID token (is "openid" among auth.oidc.scopes?)' };
    let claims: Record<string, unknown> = { ...idClaims, sub };
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, sub)) };
      } catch (error) {
        const failure = providerFailure(error, 'userinfo');
        if (failure.kind === 'refused') return failure;
        logger.warn({ kind: failure.kind }, `${failure.message}; using the ID token's claims only`);
      }
    }
    const user = userClaims(claims, options.groupsClaim);
    if (!user) return { ok: false, kind: 'bad_response', message: 'the provider named no subject (sub) for the user' };
    const expiresIn = tokens.expiresIn();
    return { ok: true, user, refreshToken: tokens.refresh_token ?? null, accessExpiresAt: expiresIn === undefined ? null : now() + expiresIn * 1000 };
  };

  return {
    redirectUri,
    async begin() {
      const config = await configuration();
      if (!(config instanceof oidc.Configuration)) return config;
      const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri(),
        scope: options.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { ok: true, url, pending };
    },
    async finish(callbackUrl, pending) {
      const config = await configuration();
      if (!(config instanceof oidc.Configuration)) return config;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        return await userOf(config, tokens, null);
      } catch (error) {
        return providerFailure(error, 'sign-in');
      }
    },
    async refresh(refreshToken, subject) {
      const config = await configuration();
      if (!(config instanceof oidc.Configuration)) return config;
      try {
        return await userOf(config, await oidc.refreshTokenGrant(config, refreshToken), subject);
      } catch (error) {
        return providerFailure(error, 'refresh');
      }
    },
    async revoke(refreshToken) {
      const config = await configuration();
      if (!(config instanceof oidc.Configuration) || !config.serverMetadata().revocation_endpoint) return;
      try {
        await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
      } catch (error) {
        logger.warn(providerFailure(error, 'revoking the refresh token at sign-out').message);
      }
    },
    async logoutUrl() {
      const config = await configuration();
      if (!(config instanceof oidc.Configuration) || !config.serverMetadata().end_session_endpoint) return null;
      // client_id instead of id_token_hint: the ID token is never kept nor handed to the browser.
      return oidc.buildEndSessionUrl(config, {
        client_id: options.clientId,
        post_logout_redirect_uri: `${options.baseUrl().replace(/\/+$/, '')}/auth/signed-out`,
      });
    },
  };
}
