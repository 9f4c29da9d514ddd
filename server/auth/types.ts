import type { IncomingMessage } from 'node:http';

/**
 * Who may do what (docs/security.md). Roles are ordered: each one may do
 * everything the ones before it may.
 * - viewer: every read: the wall, /ws, /api reads, reports and downloads,
 *   /federate, /api/v1/*, /metrics;
 * - operator: + silences (create, expire any), test notifications, retries;
 * - admin: + tokens, config reload, the audit log.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` may do what `needed` may. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

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
  /**
   * Whether the browser sends this identity's credentials on its own, so a
   * page of another site can make it send them: cookies (session, wall),
   * and the trusted proxy's and basic auth's identities, which ride on the
   * proxy's cookie or on credentials the browser remembers. These need the
   * CSRF check on mutating requests; a bearer token, which a page must add
   * itself, does not.
   */
  readonly viaCookie: boolean;
}

/**
 * The answer of one authenticator for one request:
 * - `none`: the request carries no credentials of this kind (the next authenticator is asked);
 * - `ok`: who the caller is;
 * - `refused`: it carries credentials of this kind and they are wrong, expired or revoked
 *   (401, counted by the failed-authentication rate limit, logged without the secret);
 * - `forbidden`: the caller is known (`name`) but no role is theirs: a proxied or
 *   signed-in user whose groups map to no role and no default role is configured
 *   (403, not counted: nothing was guessed).
 */
export type AuthResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly identity: Identity }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'forbidden'; readonly name: string; readonly reason: string };

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
