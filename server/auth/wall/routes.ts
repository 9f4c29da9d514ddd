import express, { type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../log';
import { onlyMethods, sendError } from '../../http/errors';
import { COOKIE_NAMES, readCookie, setCookie, type CookieOptions } from '../cookies';
import { crossSiteRefusal } from '../csrf';
import type { WallToken, WallTokens } from './tokens';
import { decodeWallPass, encodeWallPass } from './wall-cookie';

export interface WallRouterOptions {
  readonly tokens: Pick<WallTokens, 'verify' | 'byCredential'>;
  readonly key: Buffer;
  readonly cookies: CookieOptions;
  /** auth.wallCookieTtl. */
  readonly ttlMs: number;
  /** fleetscope's base URL (server.externalUrl or the listen URL), for the origin check. */
  readonly baseUrl: () => string;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** The answer of POST /auth/wall and /auth/wall/renew (docs/api.md); the cookie itself is in Set-Cookie. */
export interface WallAccess {
  /** The token's name (never the token). */
  readonly name: string;
  /** When the wall cookie expires unless renewed (epoch ms). */
  readonly expiresAt: number;
}

const exchangeBody = z.strictObject({ token: z.string().min(1).max(4096) });

/**
 * The wall screen's token flow (docs/security.md): the wall page posts the
 * token it read from its URL fragment to POST /auth/wall and gets the wall
 * cookie; while open it renews the cookie with POST /auth/wall/renew. Both
 * answer only fleetscope's own pages (crossSiteRefusal), so another site
 * cannot plant its token on a screen.
 */
export function createWallRouter(options: WallRouterOptions): Router {
  const now = options.now ?? Date.now;
  const logger = options.logger.child({ component: 'wall' });
  const router = express.Router();
  const grant = (res: express.Response, token: WallToken, credential: string) => {
    const expiresAt = now() + options.ttlMs;
    const pass = encodeWallPass(options.key, { credential, version: token.version, expiresAt });
    res.setHeader('set-cookie', setCookie(COOKIE_NAMES.wall, pass, options.ttlMs, options.cookies));
    res.setHeader('cache-control', 'no-store');
    const body: WallAccess = { name: token.identity.name, expiresAt };
    res.json(body);
  };

  router.post('/auth/wall', express.json({ limit: '8kb' }), (req, res) => {
    const refusal = crossSiteRefusal(req, [options.baseUrl()]);
    if (refusal !== null) return sendError(req, res, 403, { error: 'cross-site request refused', detail: refusal });
    const parsed = exchangeBody.safeParse(req.body);
    if (!parsed.success)
      return sendError(req, res, 400, { error: 'invalid request', detail: 'the body must be {"token": "…"}, the token from the wall URL\'s #token=' });
    const token = options.tokens.verify(parsed.data.token);
    const credential = token?.identity.credential;
    if (!token || credential === undefined) {
      logger.warn({ address: req.socket.remoteAddress }, 'wall token refused: unknown or revoked');
      return sendError(req, res, 401, {
        error: 'wall token refused',
        detail: 'the token is unknown or has been revoked; ask an admin for a new one (fleetscope token create --role viewer)',
      });
    }
    const { name, role } = token.identity;
    if (role !== 'viewer') {
      logger.warn({ token: name, role }, 'wall token refused: not a viewer token');
      return sendError(req, res, 403, {
        error: 'wall token refused',
        detail: `the token ${name} has the role ${role}; a wall screen takes a viewer token (fleetscope token create --role viewer), since its URL is seen by anyone near the screen`,
      });
    }
    logger.info({ token: name, address: req.socket.remoteAddress }, 'wall screen given its cookie');
    grant(res, token, credential);
  });

  router.post('/auth/wall/renew', (req, res) => {
    const refusal = crossSiteRefusal(req, [options.baseUrl()]);
    if (refusal !== null) return sendError(req, res, 403, { error: 'cross-site request refused', detail: refusal });
    const value = readCookie(req, COOKIE_NAMES.wall);
    const pass = value === undefined ? null : decodeWallPass(options.key, value, now());
    const token = pass ? options.tokens.byCredential(pass.credential) : null;
    if (!pass || !token || token.version !== pass.version)
      return sendError(req, res, 401, {
        error: 'access revoked',
        detail: 'this wall screen has no valid wall cookie: its token was revoked, or it never had one',
      });
    grant(res, token, pass.credential);
  });

  router.all(['/auth/wall', '/auth/wall/renew'], onlyMethods('POST'));
  return router;
}
