import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from '../log';
import { sendError } from '../http/errors';
import type { Me } from '../../shared/auth';
import { identityOf, setIdentity } from './request-identity';
import { roleAllows, type AuthResult, type Authenticator, type Identity, type Role } from './types';

/**
 * A stand-in for the chain of authenticators and the access table of issue
 * 17 (server/auth/chain.ts, server/http/access.ts), which replace this file
 * when merged: just enough for the cookie-based ways in to be used and tested
 * end to end. It asks each authenticator in turn, keeps the identity beside
 * the request, and refuses what the crudest rule refuses: with any
 * authenticator configured, every route but the public ones needs an
 * identity, reads need viewer and changes need operator.
 */

/** The identity of everyone when no way of authenticating is configured (open, as on loopback). */
export const ANONYMOUS: Identity = { method: 'none', name: 'anonymous', groups: [], role: 'admin', viaCookie: false };

/** Asks each authenticator in turn; the first that answers other than `none` decides. Open (anonymous) with none configured. */
export async function authenticateRequest(authenticators: readonly Authenticator[], req: IncomingMessage): Promise<AuthResult> {
  if (authenticators.length === 0) return { kind: 'ok', identity: ANONYMOUS };
  for (const authenticator of authenticators) {
    const result = await authenticator.authenticate(req);
    if (result.kind !== 'none') return result;
  }
  return { kind: 'none' };
}

function isPublic(path: string): boolean {
  if (path === '/healthz' || path === '/readyz' || path.startsWith('/auth/')) return true;
  return !(path.startsWith('/api/') || path === '/api' || path === '/federate' || path === '/metrics');
}

function needed(req: express.Request): Role | null {
  if (req.path === '/api/alertmanager') return null;
  return req.method === 'GET' || req.method === 'HEAD' ? 'viewer' : 'operator';
}

export function interimAccess(options: { authenticators: readonly Authenticator[]; logger: Logger }): RequestHandler {
  const logger = options.logger.child({ component: 'auth' });
  return async (req, res, next) => {
    const result = await authenticateRequest(options.authenticators, req);
    if (result.kind === 'ok') setIdentity(req, result.identity);
    if (isPublic(req.path)) return next();
    if (result.kind === 'refused') {
      logger.warn({ address: req.socket.remoteAddress, path: req.path }, `authentication refused: ${result.reason}`);
      return sendError(req, res, 401, { error: 'not signed in', detail: result.reason });
    }
    if (result.kind === 'forbidden') return sendError(req, res, 403, { error: 'forbidden', detail: result.reason });
    const role = needed(req);
    if (role === null) return next();
    if (result.kind === 'none') return sendError(req, res, 401, { error: 'not signed in', detail: 'this needs credentials: sign in, or send a bearer token' });
    if (!roleAllows(result.identity.role, role))
      return sendError(req, res, 403, { error: 'forbidden', detail: `this needs the ${role} role; ${result.identity.name} has ${result.identity.role}` });
    next();
  };
}

/** GET /api/me in its least form (the access table's own route replaces it): who the caller is, no secret. */
export function interimMeRouter(options: { open: boolean }): Router {
  const router = express.Router();
  router.get('/api/me', (req, res) => {
    const identity = identityOf(req);
    if (!identity) return sendError(req, res, 401, { error: 'not signed in', detail: 'no credentials' });
    const body: Me = {
      name: identity.name,
      ...(identity.email ? { email: identity.email } : {}),
      groups: [...identity.groups],
      role: identity.role,
      method: identity.method,
      may: {
        silence: roleAllows(identity.role, 'operator'),
        retryNotifications: roleAllows(identity.role, 'operator'),
        audit: roleAllows(identity.role, 'admin'),
        reload: roleAllows(identity.role, 'admin'),
      },
      access: options.open ? 'loopback' : 'on',
    };
    res.json(body);
  });
  return router;
}
