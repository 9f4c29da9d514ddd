import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../log';
import { sendError } from '../http/errors';
import type { Identity } from './types';

/** Methods that change something; every route answering one of them with a cookie identity passes the check. */
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function originOf(text: string): string | null {
  try {
    return new URL(text).origin;
  } catch {
    return null;
  }
}

/**
 * Why a request may not have come from fleetscope's own pages, or null when it
 * did. The browser says where a request comes from and a page cannot forge
 * it: `Sec-Fetch-Site` (Fetch Metadata) must be `same-origin` (or `none`: the
 * user's own action, a bookmark); without it, `Origin` must be fleetscope's
 * own (the Host the request was sent to, or one of `trustedOrigins`, such as
 * server.externalUrl's). A request naming neither comes from no browser in
 * use (every one sends Origin on a cross-site POST): a script such as curl,
 * which no other site can make send anything, so it passes. This is the check
 * of Go's http.CrossOriginProtection.
 */
export function crossSiteRefusal(req: IncomingMessage, trustedOrigins: readonly string[]): string | null {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined)
    return site === 'same-origin' || site === 'none' ? null : `the browser says the request comes from another site (Sec-Fetch-Site: ${site})`;
  const origin = header(req, 'origin');
  if (!origin) return null;
  const parsed = originOf(origin);
  if (parsed === null) return `the request comes from an opaque origin (Origin: ${origin})`;
  const host = header(req, 'host');
  if (host !== undefined && new URL(parsed).host === host.toLowerCase()) return null;
  if (trustedOrigins.some((o) => originOf(o) === parsed)) return null;
  return `the request comes from ${parsed}, not from fleetscope's own pages`;
}

export interface CsrfOptions {
  /** The identity the authentication step found for a request (E's chain sets it). */
  readonly identityOf: (req: Request) => Identity | undefined;
  /** Origins besides the request's own Host that fleetscope's pages are served from (server.externalUrl). */
  readonly trustedOrigins: readonly string[];
  readonly logger: Logger;
}

/**
 * The CSRF defence: a mutating request (POST, PUT, PATCH, DELETE) of a cookie
 * identity (Identity.viaCookie: a session, a wall screen, and the trusted
 * proxy's and basic auth's users, whose credentials the browser also sends on
 * its own) must come from fleetscope's own pages (crossSiteRefusal), else it
 * is answered 403. A bearer token is not affected: a browser never adds one
 * to a request another site makes.
 */
export function csrfProtection(options: CsrfOptions): RequestHandler {
  const logger = options.logger.child({ component: 'csrf' });
  return (req, res, next) => {
    if (!MUTATING.has(req.method) || options.identityOf(req)?.viaCookie !== true) return next();
    const refusal = crossSiteRefusal(req, options.trustedOrigins);
    if (refusal === null) return next();
    logger.warn(
      { method: req.method, path: req.originalUrl.split('?')[0], origin: req.headers.origin, address: req.socket.remoteAddress },
      `refused: ${refusal}`,
    );
    sendError(req, res, 403, { error: 'cross-site request refused', detail: `${refusal}; fleetscope's own pages can do this, other sites cannot` });
  };
}
