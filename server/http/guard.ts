import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Gate } from '../auth/gate';
import type { Identity } from '../auth/types';
import { ruleFor } from './access';
import { sendError } from './errors';

/** Who made a request and from where, as the gate judged it. */
export interface Caller {
  /** Null on a public route while access control is on (nobody was asked). */
  readonly identity: Identity | null;
  /** The client's address (behind a trusted proxy, the one it forwards). */
  readonly address: string;
}

const callers = new WeakMap<IncomingMessage, Caller>();

/** The caller of a request the guard let through. A route that is reached without the guard is a programmer error. */
export function callerOf(req: Request): Caller {
  const caller = callers.get(req);
  if (!caller) throw new Error(`${req.method} ${req.originalUrl} reached a route without passing the access guard`);
  return caller;
}

/** The identity of a request on a route that needs a role (the guard made sure there is one). */
export function identityOf(req: Request): Identity {
  const { identity } = callerOf(req);
  if (!identity) throw new Error(`${req.method} ${req.originalUrl}: a public route asked who the caller is`);
  return identity;
}

/**
 * The first middleware of the app: every request is judged by its route's
 * access rule (access.ts) before any body is read or any route runs.
 */
export function accessGuard(gate: Gate): RequestHandler {
  return async (req, res, next) => {
    const verdict = await gate.judge(req, ruleFor(req.method, req.path), `${req.method} ${req.path}`);
    if (verdict.kind === 'deny') {
      res.set(verdict.headers);
      return sendError(req, res, verdict.status, { error: verdict.error, detail: verdict.detail });
    }
    callers.set(req, { identity: verdict.identity, address: verdict.address });
    next();
  };
}
