import type { IncomingMessage } from 'node:http';

// The roles are shared with the web app (which shows only what a role allows): docs/security.md.
export { ROLES, roleAllows, type Role } from '../../shared/roles';
import type { Role } from '../../shared/roles';

/** How an identity was established; each has its own Authenticator. */
export type AuthMethod = 'none' | 'basic' | 'token' | 'proxy' | 'session' | 'wall';

/** The caller of one request or websocket, once authenticated. Never carries a secret. */
export interface Identity {
  readonly method: AuthMethod;
  /** A user name, a token's name, or "anonymous" when auth is off. Recorded as the creator of silences and in the audit log. */
  readonly name: string;
  readonly email?: string;
  readonly groups: readonly string[];
  readonly role: Role;
  /**
   * What this identity hangs on (a token's name, a session id), so that
   * revoking it can close what it opened (open websockets) at once.
   */
  readonly credential?: string;
  /** Cookie-based identities (session, wall) need the CSRF check on mutating requests; header-based ones do not. */
  readonly viaCookie: boolean;
}

/**
 * The answer of one authenticator for one request:
 * - `none`: the request carries no credentials of this kind (the next authenticator is asked);
 * - `ok`: who the caller is;
 * - `refused`: it carries credentials of this kind and they are wrong, expired or revoked
 *   (401, counted by the failed-authentication rate limit, logged without the secret).
 */
export type AuthResult =
  { readonly kind: 'none' } | { readonly kind: 'ok'; readonly identity: Identity } | { readonly kind: 'refused'; readonly reason: string };

/**
 * One way of telling who a caller is (the web config file's basic auth,
 * bearer tokens, the trusted proxy's headers, the OIDC session cookie, the
 * wall's cookie). The chain asks each in turn; the first that answers other
 * than `none` decides. Works on plain node requests so that the websocket
 * upgrade is judged by the same code as every route.
 */
export interface Authenticator {
  readonly method: AuthMethod;
  authenticate(req: IncomingMessage): Promise<AuthResult> | AuthResult;
}

/**
 * The access rule of one route (server/http/access.ts holds the table):
 * `public` (probes: /healthz, /readyz, the login pages and the web app's
 * static files), a role, or `alertmanager` (POST /api/alertmanager: its own
 * bearer token whenever auth is on).
 */
export type AccessRule = 'public' | Role | 'alertmanager';
