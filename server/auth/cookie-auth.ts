import { readFileSync } from 'node:fs';
import express, { type Router } from 'express';
import type { AuthConfig } from '../config/schema/auth';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import type { AuthOptionsView } from '../../shared/sign-in';
import { loadCookieKeys } from './cookie-key';
import { roleOfGroups } from './roles';
import { createOidcClient } from './oidc/client';
import { createOidcRouter } from './oidc/routes';
import { sessionAuthenticator } from './oidc/session-authenticator';
import { createSessions } from './oidc/sessions';
import type { Authenticator } from './types';
import type { WallTokens } from './wall/tokens';
import { wallAuthenticator } from './wall/wall-authenticator';
import { createWallRouter } from './wall/routes';

/** The environment variable that holds the OIDC client secret when auth.oidc.clientSecretFile is not set. */
export const CLIENT_SECRET_ENV = 'FLEETSCOPE_OIDC_CLIENT_SECRET';

export interface CookieAuthOptions {
  readonly auth: AuthConfig;
  readonly store: Store;
  /** The bearer tokens a wall screen may be given (the token registry); absent: no wall token flow. */
  readonly tokens?: WallTokens;
  /** fleetscope's base URL: server.externalUrl when set, else the listen URL (read when needed: it is known only once listening). */
  readonly baseUrl: () => string;
  /** Cookies are Secure: fleetscope serves TLS, or server.externalUrl is https. */
  readonly secure: boolean;
  /** Whether server.externalUrl is set; without it the listen URL is the base URL, which only works on loopback. */
  readonly hasExternalUrl: boolean;
  readonly listensOnLoopback: boolean;
  /** Called with the credential of a session that signed out (main.ts closes its websockets). */
  readonly onSignedOut?: (credential: string) => void;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly env?: NodeJS.ProcessEnv;
}

/** The cookie-based ways in: the OIDC session and the wall screen's cookie. */
export interface CookieAuth {
  /** To put in the chain of authenticators (session first, then wall); empty when neither is configured. */
  readonly authenticators: readonly Authenticator[];
  /** /auth/login, /auth/callback, /auth/logout, /auth/signed-out (with auth.oidc), /auth/wall, /auth/wall/renew (with tokens), GET /auth/options. All public: each checks what it needs itself. */
  readonly router: Router;
}

export type CookieAuthResult = { ok: true; cookieAuth: CookieAuth } | { ok: false; problems: string[] };

function clientSecret(auth: AuthConfig, env: NodeJS.ProcessEnv): { ok: true; secret?: string } | { ok: false; problem: string } {
  const file = auth.oidc?.clientSecretFile;
  if (file === undefined) return { ok: true, ...(env[CLIENT_SECRET_ENV] ? { secret: env[CLIENT_SECRET_ENV] } : {}) };
  try {
    const secret = readFileSync(file, 'utf8').trim();
    return secret ? { ok: true, secret } : { ok: false, problem: `auth.oidc.clientSecretFile ${file}: the file is empty` };
  } catch (error) {
    return { ok: false, problem: `auth.oidc.clientSecretFile ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Builds the OIDC login (with auth.oidc) and the wall token flow (with a
 * token registry) from the config; the cookie key file is read or created
 * only when one of them is on. Every problem is listed (the command exits 2).
 */
export function createCookieAuth(options: CookieAuthOptions): CookieAuthResult {
  const { auth, logger } = options;
  const env = options.env ?? process.env;
  const router = express.Router();
  const authenticators: Authenticator[] = [];
  const signIn: AuthOptionsView = { signIn: auth.oidc ? '/auth/login' : null };
  router.get('/auth/options', (_req, res) => {
    res.json(signIn);
  });
  if (!auth.oidc && !options.tokens) return { ok: true, cookieAuth: { authenticators, router } };

  const loaded = loadCookieKeys(auth.cookieKeyFile);
  const secret = clientSecret(auth, env);
  const problems = [...(loaded.ok ? [] : [loaded.problem]), ...(secret.ok ? [] : [secret.problem])];
  if (auth.oidc && !options.hasExternalUrl && !options.listensOnLoopback)
    problems.push(
      'server.externalUrl: needed with auth.oidc when fleetscope listens beyond loopback: it is where the identity provider sends users back (server.externalUrl + /auth/callback, registered at the provider as the redirect URI)',
    );
  if (!loaded.ok || !secret.ok || problems.length > 0) return { ok: false, problems };
  if (loaded.created)
    logger.info({ file: auth.cookieKeyFile }, 'created the cookie key file (keep it: replacing it signs everyone out and every wall screen with it)');
  const { keys } = loaded;
  const cookies = { secure: options.secure };

  if (auth.oidc) {
    const oidcConfig = auth.oidc;
    const roleOf = (groups: readonly string[]) => roleOfGroups(groups, auth.groups, oidcConfig.defaultRole);
    const client = createOidcClient({
      issuer: oidcConfig.issuer,
      clientId: oidcConfig.clientId,
      ...(secret.secret === undefined ? {} : { clientSecret: secret.secret }),
      scopes: oidcConfig.scopes,
      groupsClaim: oidcConfig.groupsClaim,
      baseUrl: options.baseUrl,
      logger,
      now: options.now,
    });
    const sessions = createSessions({ store: options.store, keys, client, ttlMs: oidcConfig.sessionTtl, roleOf, logger, now: options.now });
    authenticators.push(sessionAuthenticator(sessions));
    router.use(
      createOidcRouter({
        client,
        sessions,
        loginKey: keys.login,
        cookies,
        roleOf,
        baseUrl: options.baseUrl,
        onSignedOut: options.onSignedOut,
        logger,
        now: options.now,
      }),
    );
  }
  if (options.tokens) {
    authenticators.push(wallAuthenticator({ tokens: options.tokens, key: keys.wall, now: options.now }));
    router.use(
      createWallRouter({ tokens: options.tokens, key: keys.wall, cookies, ttlMs: auth.wallCookieTtl, baseUrl: options.baseUrl, logger, now: options.now }),
    );
  }
  return { ok: true, cookieAuth: { authenticators, router } };
}
