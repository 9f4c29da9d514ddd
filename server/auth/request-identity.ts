import type { IncomingMessage } from 'node:http';
import type { Identity } from './types';

/**
 * The identity the authentication step found for each request, kept beside
 * the request rather than on it (no property added to node's or express's
 * types). Stand-in until the chain of issue 17 (server/auth/chain.ts) lands:
 * then the chain's own accessor takes its place.
 */
const identities = new WeakMap<IncomingMessage, Identity>();

export function setIdentity(req: IncomingMessage, identity: Identity): void {
  identities.set(req, identity);
}

export function identityOf(req: IncomingMessage): Identity | undefined {
  return identities.get(req);
}
