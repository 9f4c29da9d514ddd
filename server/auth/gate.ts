import type { IncomingMessage } from 'node:http';
import type { AccessMode } from './access-mode';
import type { AuthChain, ChainOutcome } from './chain';
import { roleAllows, type AccessRule, type Identity } from './types';

/** Everyone, when access control is off: each request may do everything, as the demo on loopback always could. */
export const ANONYMOUS: Identity = { method: 'none', name: 'anonymous', groups: [], role: 'admin', viaCookie: false };

/** Whoever presents alerts.inbound's token on POST /api/alertmanager: it may post alerts and nothing else. */
const ALERTMANAGER: Identity = { method: 'token', name: 'alertmanager', groups: [], role: 'viewer', viaCookie: false };

/**
 * The gate's answer for one request or websocket upgrade:
 * - `pass`: who the caller is (null on a public route while access control
 *   is on: nobody was asked) and the client's address;
 * - `deny`: the status (401, 403, 429), the `{ error, detail }` of the
 *   answer and its headers (WWW-Authenticate, Retry-After).
 */
export type Verdict =
  | { readonly kind: 'pass'; readonly identity: Identity | null; readonly address: string }
  | {
      readonly kind: 'deny';
      readonly status: 401 | 403 | 429;
      readonly error: string;
      readonly detail: string;
      readonly headers: Readonly<Record<string, string>>;
    };

export interface GateOptions {
  mode: AccessMode;
  chain: AuthChain;
  /** Whether a Host header names this server (allowed-hosts.ts). */
  hostAllowed: (host: string | undefined) => boolean;
  /** POST /api/alertmanager's own bearer token (alerts.inbound): whether one is configured, and whether a request's Authorization carries it. */
  inbound: { readonly configured: boolean; allowed(authorization: string | undefined): boolean };
  /** The WWW-Authenticate challenges of a 401 (Basic when there are basic-auth users, Bearer when tokens). */
  challenges: readonly string[];
  /** How to sign in, in words, for the detail of a 401 ("send a bearer token …"). */
  howToSignIn: string;
}

/** Who may do what, for HTTP routes (their AccessRule) and the websocket alike. */
export interface Gate {
  readonly mode: AccessMode;
  /** `what` names the request in answers ("POST /api/silences"). */
  judge(req: IncomingMessage, rule: AccessRule, what: string): Promise<Verdict>;
}

const MAX_HOST_SHOWN = 100;
const ALERTMANAGER_HOW =
  "POST /api/alertmanager needs alerts.inbound's bearer token: set it in the Alertmanager's webhook_configs[].http_config.authorization (credentials or credentials_file)";

export function createGate(options: GateOptions): Gate {
  const { chain, mode } = options;
  const deny = (status: 401 | 403 | 429, error: string, detail: string, headers: Record<string, string> = {}): Verdict => ({
    kind: 'deny',
    status,
    error,
    detail,
    headers,
  });
  const unauthorized = (error: string, detail: string) =>
    deny(401, error, detail, options.challenges.length ? { 'www-authenticate': options.challenges.join(', ') } : {});

  return {
    mode,
    async judge(req, rule, what) {
      const address = chain.addressOf(req);
      const host = req.headers.host;
      if (rule !== 'public' && !options.hostAllowed(host))
        return deny(
          403,
          'this server does not answer to that host name',
          `Host ${JSON.stringify((host ?? '').slice(0, MAX_HOST_SHOWN))} is not server.externalUrl's host, one of server.allowedHosts, an IP address or localhost. ` +
            "A page of another site whose name was pointed at this server (DNS rebinding) looks like this; if the name is fleetscope's own, add it to server.allowedHosts",
        );
      if (mode !== 'on') return { kind: 'pass', identity: ANONYMOUS, address };
      if (rule === 'public') return { kind: 'pass', identity: null, address };

      const outcome = rule === 'alertmanager' ? alertmanager(req) : await chain.authenticate(req);
      switch (outcome.kind) {
        case 'limited':
          return deny(
            429,
            'too many failed authentications from this address',
            `${outcome.failures} failed authentications from ${address} in the last minute (auth.failedAttemptsPerMinute); try again in ${outcome.retryAfterSeconds} s`,
            { 'retry-after': String(outcome.retryAfterSeconds) },
          );
        case 'none':
          return unauthorized('sign-in required', rule === 'alertmanager' ? ALERTMANAGER_HOW : `${what} needs the ${rule} role: ${options.howToSignIn}`);
        case 'refused':
          return unauthorized('not authorized', outcome.reason);
        case 'forbidden':
          return deny(403, 'forbidden', outcome.reason);
        case 'ok': {
          const { identity } = outcome;
          if (rule === 'alertmanager' || roleAllows(identity.role, rule)) return { kind: 'pass', identity, address };
          return deny(403, 'forbidden', `${identity.name} (${identity.role}) may not ${what}: that needs the ${rule} role`);
        }
      }
    },
  };

  /** The Alertmanager webhook's own token; whenever access control is on, one must be configured. */
  function alertmanager(req: IncomingMessage): ChainOutcome {
    const limited = chain.limited(req);
    if (limited) return limited;
    if (!options.inbound.configured)
      return {
        kind: 'refused',
        reason: 'POST /api/alertmanager needs alerts.inbound.token (or token_file) whenever access control is on, and none is configured',
      };
    if (options.inbound.allowed(req.headers.authorization)) return { kind: 'ok', identity: ALERTMANAGER };
    if (req.headers.authorization === undefined) return { kind: 'none' };
    return chain.fail(req, 'alertmanager', "the bearer token is not alerts.inbound's");
  }
}
