import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log';
import { clientAddress, type AddressSet } from './addresses';
import { createFailureLimiter } from './rate-limit';
import type { Authenticator, Identity } from './types';

/** What the chain makes of one request. */
export type ChainOutcome =
  | { readonly kind: 'ok'; readonly identity: Identity }
  /** No credentials of any kind. */
  | { readonly kind: 'none' }
  /** Credentials that are wrong, expired or revoked (401). */
  | { readonly kind: 'refused'; readonly reason: string }
  /** A known caller without a role (403). */
  | { readonly kind: 'forbidden'; readonly name: string; readonly reason: string }
  /** The client's address failed too often in the last minute (429). */
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number; readonly failures: number };

/**
 * Asks each authenticator in turn; the first that answers other than
 * `none` decides. Failed authentications are counted per client address
 * (auth.failedAttemptsPerMinute) and logged with the address, the way of
 * authenticating and the reason, never the credentials.
 */
export interface AuthChain {
  authenticate(req: IncomingMessage): Promise<ChainOutcome>;
  /** `limited` when the client's address failed too often in the last minute, else null. */
  limited(req: IncomingMessage): ChainOutcome | null;
  /** Counts and logs a failed authentication judged outside the chain (the Alertmanager webhook's own token). */
  fail(req: IncomingMessage, what: string, reason: string): ChainOutcome;
  /** The client's address (behind a trusted proxy, the address the proxy was reached from). */
  addressOf(req: IncomingMessage): string;
}

export interface AuthChainOptions {
  /** In the order they are asked. */
  authenticators: readonly Authenticator[];
  failedAttemptsPerMinute: number;
  /** The trusted proxies' addresses (auth.proxy.trustedAddresses): behind them the client's address is the one they forward. */
  trustedProxies: AddressSet | null;
  logger: Logger;
  now: () => number;
}

/** The request's path without its query, which can hold what is not for logs (an OIDC code, say). */
const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?', 1)[0];

export function createAuthChain(options: AuthChainOptions): AuthChain {
  const logger = options.logger.child({ component: 'auth' });
  const limiter = createFailureLimiter({ perMinute: options.failedAttemptsPerMinute, now: options.now });
  const addressOf = (req: IncomingMessage) => clientAddress(req, options.trustedProxies);

  const fail = (req: IncomingMessage, what: string, reason: string): ChainOutcome => {
    const address = addressOf(req);
    const nowLimited = limiter.fail(address);
    logger.warn({ address, method: what, path: pathOf(req), reason }, `authentication failed from ${address} (${what}): ${reason}`);
    if (nowLimited)
      logger.warn(
        { address, failures: options.failedAttemptsPerMinute },
        `${address} failed to authenticate ${options.failedAttemptsPerMinute} times in a minute: answered 429 until the oldest failure is a minute old`,
      );
    return { kind: 'refused', reason };
  };

  const limited = (req: IncomingMessage): ChainOutcome | null => {
    const address = addressOf(req);
    const wait = limiter.retryAfter(address);
    return wait > 0 ? { kind: 'limited', retryAfterSeconds: wait, failures: limiter.failures(address) } : null;
  };

  return {
    addressOf,
    fail,
    limited,
    async authenticate(req) {
      const address = addressOf(req);
      const waiting = limited(req);
      if (waiting) return waiting;
      for (const authenticator of options.authenticators) {
        const result = await authenticator.authenticate(req);
        switch (result.kind) {
          case 'none':
            continue;
          case 'refused':
            return fail(req, authenticator.method, result.reason);
          case 'forbidden':
            logger.info({ address, method: authenticator.method, user: result.name, path: pathOf(req) }, `forbidden: ${result.reason}`);
            return result;
          case 'ok':
            return result;
        }
      }
      // Credentials nobody here takes (Basic with no basic-auth users, say) are a failed attempt, not an anonymous request.
      const header = req.headers.authorization;
      if (header === undefined) return { kind: 'none' };
      // Only a scheme word is named: a header without one may be a bare secret.
      const scheme = /^([A-Za-z][A-Za-z0-9-]{0,19}) /.exec(header)?.[1];
      return fail(
        req,
        'authorization',
        scheme ? `the Authorization scheme ${scheme} is not one fleetscope takes here` : 'an Authorization header fleetscope cannot read',
      );
    },
  };
}
