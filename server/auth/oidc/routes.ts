import express, { type Router } from 'express';
import type { Logger } from '../../log';
import { onlyMethods, sendError } from '../../http/errors';
import { sendAuthPage } from '../auth-page';
import { clearCookie, COOKIE_NAMES, readCookie, setCookie, type CookieOptions } from '../cookies';
import { crossSiteRefusal } from '../csrf';
import type { Role } from '../types';
import type { OidcClient } from './client';
import { decodeLogin, encodeLogin, LOGIN_TTL_MS, safeNext } from './login-cookie';
import type { Sessions } from './sessions';

export interface OidcRouterOptions {
  readonly client: OidcClient;
  readonly sessions: Sessions;
  /** Signs the fleetscope_login cookie (CookieKeys.login). */
  readonly loginKey: Buffer;
  readonly cookies: CookieOptions;
  /** The role of a user with these groups (null: none, refused with a page saying so). */
  readonly roleOf: (groups: readonly string[]) => Role | null;
  /** fleetscope's base URL (server.externalUrl or the listen URL), for the callback URL and the origin check. */
  readonly baseUrl: () => string;
  /** Called with a session's credential when it signs out (closes its websockets). */
  readonly onSignedOut?: (credential: string) => void;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** Where /auth/logout tells the page to go: the provider's end-session page when it has one, else fleetscope's root. */
export interface SignedOut {
  readonly signedOut: true;
  /** The provider's RP-initiated logout URL (signs out there too and comes back to /auth/signed-out); null: none. */
  readonly providerLogoutUrl: string | null;
}

/**
 * The built-in OpenID Connect login (docs/security.md): GET /auth/login sends
 * the browser to the provider (authorization code with PKCE, state and nonce
 * in a signed ten-minute cookie), GET /auth/callback starts the session,
 * POST /auth/logout ends it (same-origin only), GET /auth/signed-out is
 * where the provider sends the browser back after signing out there too.
 */
export function createOidcRouter(options: OidcRouterOptions): Router {
  const now = options.now ?? Date.now;
  const logger = options.logger.child({ component: 'oidc' });
  const loginCookie = { ...options.cookies, path: '/auth/' };
  const router = express.Router();

  router.get('/auth/login', async (req, res) => {
    const begun = await options.client.begin();
    if (!begun.ok) {
      logger.warn({ kind: begun.kind }, `sign-in could not start: ${begun.message}`);
      return sendAuthPage(res, 503, {
        title: 'The identity provider cannot be reached',
        message: `fleetscope could not reach its identity provider to sign you in (${begun.message}). Try again in a moment; if it lasts, tell whoever runs fleetscope.`,
        link: { href: req.originalUrl, text: 'Try again' },
      });
    }
    const cookie = encodeLogin(options.loginKey, { ...begun.pending, next: safeNext(req.query.next), expiresAt: now() + LOGIN_TTL_MS });
    res.setHeader('set-cookie', setCookie(COOKIE_NAMES.login, cookie, LOGIN_TTL_MS, loginCookie));
    res.setHeader('cache-control', 'no-store');
    res.redirect(303, begun.url.href);
  });

  router.get('/auth/callback', async (req, res) => {
    res.append('set-cookie', clearCookie(COOKIE_NAMES.login, loginCookie));
    const value = readCookie(req, COOKIE_NAMES.login);
    const pending = value === undefined ? null : decodeLogin(options.loginKey, value, now());
    if (!pending)
      return sendAuthPage(res, 400, {
        title: 'Sign-in expired',
        message: 'This sign-in took longer than ten minutes, or began in another browser. Sign in again.',
        link: { href: '/auth/login', text: 'Sign in' },
      });
    const callbackUrl = new URL(req.originalUrl, options.baseUrl());
    const result = await options.client.finish(callbackUrl, pending);
    if (!result.ok) {
      logger.warn({ kind: result.kind, address: req.socket.remoteAddress }, `sign-in failed: ${result.message}`);
      const status = result.kind === 'unreachable' ? 503 : result.kind === 'refused' ? 401 : 502;
      return sendAuthPage(res, status, {
        title: 'Sign-in failed',
        message: `The identity provider did not sign you in: ${result.message}.`,
        link: { href: `/auth/login?next=${encodeURIComponent(pending.next)}`, text: 'Try again' },
      });
    }
    if (options.roleOf(result.user.groups) === null) {
      logger.warn({ user: result.user.name, groups: result.user.groups }, 'sign-in refused: no group of the user maps to a role');
      const groups = result.user.groups.length ? `your groups (${result.user.groups.join(', ')})` : 'the provider named no groups for you';
      return sendAuthPage(res, 403, {
        title: 'No role for you in fleetscope',
        message: `You are ${result.user.name} at the identity provider, but ${groups} give no role in fleetscope. Ask a fleetscope admin to map one of your groups to a role (auth.groups), or to give signed-in users a default role (auth.oidc.defaultRole).`,
      });
    }
    const session = await options.sessions.start(result);
    res.append('set-cookie', setCookie(COOKIE_NAMES.session, session.cookie, session.expiresAt - now(), options.cookies));
    res.setHeader('cache-control', 'no-store');
    res.redirect(303, pending.next);
  });

  router.post('/auth/logout', async (req, res) => {
    const refusal = crossSiteRefusal(req, [options.baseUrl()]);
    if (refusal !== null) return sendError(req, res, 403, { error: 'cross-site request refused', detail: refusal });
    const cookie = readCookie(req, COOKIE_NAMES.session);
    const credential = cookie === undefined ? null : await options.sessions.end(cookie);
    if (credential !== null) options.onSignedOut?.(credential);
    res.setHeader('set-cookie', clearCookie(COOKIE_NAMES.session, options.cookies));
    const body: SignedOut = { signedOut: true, providerLogoutUrl: credential === null ? null : ((await options.client.logoutUrl())?.href ?? null) };
    res.json(body);
  });

  router.get('/auth/signed-out', (_req, res) => {
    res.redirect(303, '/');
  });
  router.all(['/auth/login', '/auth/callback', '/auth/signed-out'], onlyMethods('GET'));
  router.all('/auth/logout', onlyMethods('POST'));
  return router;
}
