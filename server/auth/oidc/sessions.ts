import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../../log';
import type { SessionRecord } from '../../store/records';
import type { Store } from '../../store/types';
import type { CookieKeys } from '../cookie-key';
import { seal, sessionSealKey, unseal } from '../seal';
import { signValue, verifySignedValue } from '../signed-value';
import type { AuthResult, Role } from '../types';
import type { OidcClient, SignedIn } from './client';

/** A refresh that failed because the provider could not be reached is tried again no sooner than this. */
const REFRESH_RETRY_MS = 30_000;
/** The access token counts as expired this long before it does, so a request never rides on one that lapses mid-way. */
const EXPIRY_MARGIN_MS = 1_000;

export interface SessionsOptions {
  readonly store: Store;
  readonly keys: CookieKeys;
  readonly client: Pick<OidcClient, 'refresh' | 'revoke'>;
  /** auth.oidc.sessionTtl. */
  readonly ttlMs: number;
  /** The role of a user with these groups now (auth.groups, auth.oidc.defaultRole); null: refused. */
  readonly roleOf: (groups: readonly string[]) => Role | null;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Sign-in sessions of the built-in OpenID Connect login, kept in the store
 * so that a restart signs no one out. The browser holds a signed random
 * secret (the session cookie); the store holds the session under the
 * secret's hash. A session asks the provider again (refresh) whenever the
 * access token has expired, which brings the groups up to date and ends the
 * session at once when the provider refuses; it never outlives sessionTtl.
 */
export interface Sessions {
  /** Starts a session for a user who just signed in; the cookie value to set and when it expires. */
  start(signedIn: SignedIn): Promise<{ cookie: string; expiresAt: number }>;
  /** The identity a session cookie stands for (refreshing it when due). */
  authenticate(cookie: string): Promise<AuthResult>;
  /** Ends the session of a cookie (sign-out) and revokes its refresh token at the provider; its credential, or null when there was none. */
  end(cookie: string): Promise<string | null>;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** Identity.credential of a session: a prefix of the id, enough to tell sessions apart in logs, useless as a cookie. */
export const sessionCredential = (id: string) => `session:${id.slice(0, 16)}`;

export function createSessions(options: SessionsOptions): Sessions {
  const now = options.now ?? Date.now;
  const logger = options.logger.child({ component: 'sessions' });
  const { store, keys } = options;
  /** One refresh at a time per session: providers rotate refresh tokens, and a second use of the old one can revoke them all. */
  const refreshing = new Map<string, Promise<SessionRecord | null>>();
  const retryAfter = new Map<string, number>();

  const secretOf = (cookie: string) => verifySignedValue(keys.session, cookie);
  const sealToken = (secret: string, token: string | null) => (token === null ? null : seal(sessionSealKey(keys.seal, secret), token));
  const unsealToken = (secret: string, record: SessionRecord) =>
    record.sealedRefreshToken === null ? null : unseal(sessionSealKey(keys.seal, secret), record.sealedRefreshToken);

  const refresh = async (secret: string, record: SessionRecord): Promise<SessionRecord | null> => {
    const token = unsealToken(secret, record);
    if (token === null) {
      await store.deleteSession(record.id);
      return null;
    }
    const result = await options.client.refresh(token, record.subject);
    const at = now();
    if (!result.ok) {
      if (result.kind === 'unreachable') {
        // The user keeps working on what the provider said last; the session still ends at expiresAt.
        retryAfter.set(record.id, at + REFRESH_RETRY_MS);
        logger.warn({ credential: sessionCredential(record.id), user: record.name }, `${result.message}; the session goes on and is refreshed later`);
        return record;
      }
      logger.info({ credential: sessionCredential(record.id), user: record.name, kind: result.kind }, `session ended: ${result.message}`);
      await store.deleteSession(record.id);
      return null;
    }
    retryAfter.delete(record.id);
    const updated: SessionRecord = {
      ...record,
      name: result.user.name,
      ...(result.user.email ? { email: result.user.email } : {}),
      groups: result.user.groups,
      refreshAt: result.accessExpiresAt,
      sealedRefreshToken: result.refreshToken === null ? record.sealedRefreshToken : sealToken(secret, result.refreshToken),
    };
    await store.saveSession(updated);
    return updated;
  };

  const refreshOnce = (secret: string, record: SessionRecord): Promise<SessionRecord | null> => {
    const running = refreshing.get(record.id);
    if (running) return running;
    const started = refresh(secret, record).finally(() => refreshing.delete(record.id));
    refreshing.set(record.id, started);
    return started;
  };

  return {
    async start(signedIn) {
      const at = now();
      await store.pruneSessions(at);
      const secret = randomBytes(32).toString('base64url');
      const record: SessionRecord = {
        id: hash(secret),
        subject: signedIn.user.subject,
        name: signedIn.user.name,
        ...(signedIn.user.email ? { email: signedIn.user.email } : {}),
        groups: signedIn.user.groups,
        createdAt: at,
        expiresAt: at + options.ttlMs,
        refreshAt: signedIn.refreshToken === null ? null : signedIn.accessExpiresAt,
        sealedRefreshToken: sealToken(secret, signedIn.refreshToken),
      };
      await store.saveSession(record);
      logger.info({ credential: sessionCredential(record.id), user: record.name, groups: record.groups }, 'signed in');
      return { cookie: signValue(keys.session, secret), expiresAt: record.expiresAt };
    },

    async authenticate(cookie) {
      const secret = secretOf(cookie);
      if (secret === null) return { kind: 'refused', reason: 'session cookie not signed by this fleetscope' };
      let record = await store.loadSession(hash(secret));
      if (!record) return { kind: 'refused', reason: 'session ended (signed out, or refused by the identity provider)' };
      const at = now();
      if (record.expiresAt <= at) {
        await store.deleteSession(record.id);
        return { kind: 'refused', reason: 'session expired' };
      }
      if (record.refreshAt !== null && record.refreshAt - EXPIRY_MARGIN_MS <= at && (retryAfter.get(record.id) ?? 0) <= at) {
        record = await refreshOnce(secret, record);
        if (!record) return { kind: 'refused', reason: 'session ended by the identity provider' };
      }
      const role = options.roleOf(record.groups);
      if (role === null)
        return { kind: 'forbidden', name: record.name, reason: `none of ${record.name}'s groups (${record.groups.join(', ') || 'none'}) maps to a role` };
      return {
        kind: 'ok',
        identity: {
          method: 'session',
          name: record.name,
          ...(record.email ? { email: record.email } : {}),
          groups: record.groups,
          role,
          credential: sessionCredential(record.id),
          viaCookie: true,
        },
      };
    },

    async end(cookie) {
      const secret = secretOf(cookie);
      if (secret === null) return null;
      const record = await store.loadSession(hash(secret));
      if (!record) return null;
      await store.deleteSession(record.id);
      const token = unsealToken(secret, record);
      if (token !== null) await options.client.revoke(token);
      logger.info({ credential: sessionCredential(record.id), user: record.name }, 'signed out');
      return sessionCredential(record.id);
    },
  };
}
