import { z } from 'zod';
import { duration } from './common';

/** A bearer token's hash as the config keeps it (server/auth/tokens.ts makes it). */
export const TOKEN_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

const role = z.enum(['viewer', 'operator', 'admin'], { error: 'must be viewer, operator or admin' });

/** A group (from the proxy's groups header or the OIDC groups claim) → the role its members get; the highest wins. */
const groupRoles = z.record(z.string().min(1), role);

/** One bearer token: its name, its role, and the hash `fleetscope token create` printed (the token itself is never stored). */
export const tokenEntry = z.strictObject({
  name: z.string().regex(/^[a-z0-9][-a-z0-9_.]{0,62}$/, 'must be lower-case letters, digits, "-", "_" or "." (e.g. lobby-tv)'),
  role,
  /** The token's hash as `fleetscope token create` prints it. */
  hash: z.string().regex(TOKEN_HASH_PATTERN, 'must be the hash `fleetscope token create` printed (sha256: and 64 hex digits), never the token itself'),
});
export type TokenEntry = z.output<typeof tokenEntry>;

/** The tokens file (auth.tokensFile): the same list as auth.tokens. */
export const tokensFileDocument = z.array(tokenEntry, { error: 'must be a list of tokens (name, role, hash), as auth.tokens' });

/**
 * Who may look and who may act (docs/security.md). The ways of telling who a
 * caller is combine: the Prometheus web configuration file's basic-auth users
 * (server.webConfigFile), bearer tokens, a trusted reverse proxy's headers,
 * and the built-in OpenID Connect login.
 */
export const authConfig = z.strictObject({
  /**
   * `auto` (default): with no way of authenticating configured, fleetscope is
   * open when it listens on loopback and refuses to start on any other
   * address. `none`: open on any address, on purpose (a warning in the log
   * and a banner in the UI).
   */
  mode: z.enum(['auto', 'none']).default('auto'),
  /** Bearer tokens for automation, the CLI and wall screens. */
  tokens: z.array(tokenEntry).default([]),
  /** A file holding more token entries (the same YAML list), re-read when it changes, so a token is revoked by deleting its line. */
  tokensFile: z.string().min(1).optional(),
  /** A trusted reverse proxy (oauth2-proxy, Pomerium, an ext_authz filter) that authenticates users and says who they are in headers. */
  proxy: z
    .strictObject({
      /** Addresses or CIDRs the proxy connects from; headers from anywhere else are ignored. */
      trustedAddresses: z.array(z.string().min(1)).min(1, 'must list the proxy addresses (e.g. 10.0.0.5 or 10.0.0.0/24)'),
      userHeader: z.string().min(1).default('X-Forwarded-User'),
      emailHeader: z.string().min(1).default('X-Forwarded-Email'),
      groupsHeader: z.string().min(1).default('X-Forwarded-Groups'),
      /** Role of a proxied user whose groups map to none; absent: such a user is refused (403). */
      defaultRole: role.optional(),
    })
    .optional(),
  /** Built-in OpenID Connect login (authorization code with PKCE). */
  oidc: z
    .strictObject({
      issuer: z.url({ error: 'must be the issuer URL, e.g. https://accounts.example.com' }),
      clientId: z.string().min(1),
      /** The client secret, from a file (a secret: never inline). Absent: a public client (PKCE only). */
      clientSecretFile: z.string().min(1).optional(),
      scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email', 'groups']),
      /** The ID token / userinfo claim holding the user's groups. */
      groupsClaim: z.string().min(1).default('groups'),
      /** Role of a signed-in user whose groups map to none; absent: refused (403). */
      defaultRole: role.optional(),
      /**
       * How long a session lasts from sign-in. Within it, fleetscope asks the
       * provider again (refresh) each time the access token expires, which
       * keeps the groups current and ends the session at once when the
       * provider refuses.
       */
      sessionTtl: duration.default(12 * 3600_000),
    })
    .optional(),
  /** Group → role, for the proxy's and OIDC's users. */
  groups: groupRoles.default({}),
  /** User → role, for the basic-auth users of server.webConfigFile (which has no roles); a user not listed is a viewer. */
  users: z.record(z.string().min(1), role).default({}),
  /** Failed authentications allowed per client address per minute before it is answered 429. */
  failedAttemptsPerMinute: z.number().int().min(1).default(20),
  /** A file holding the key that signs session and wall cookies (created with a random key if missing). */
  cookieKeyFile: z.string().min(1).default('data/cookie.key'),
  /** How long a wall screen's cookie lasts (renewed while the wall is open). */
  wallCookieTtl: duration.default(400 * 86_400_000),
});
export type AuthConfig = z.output<typeof authConfig>;
