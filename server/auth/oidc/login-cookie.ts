import { signJson, verifySignedJson } from '../signed-value';
import type { PendingLogin } from './client';

/** How long a sign-in may take at the provider. */
export const LOGIN_TTL_MS = 10 * 60_000;

/** A sign-in under way, carried in the signed fleetscope_login cookie from /auth/login to /auth/callback. */
export interface LoginInProgress extends PendingLogin {
  /** The page to go back to afterwards (a path of fleetscope's). */
  readonly next: string;
  readonly expiresAt: number;
}

/** A path of fleetscope's own to go back to after signing in; anything else (another site, //host) is "/". */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && !/[\r\n]/.test(next) ? next : '/';
}

export function encodeLogin(key: Buffer, login: LoginInProgress): string {
  return signJson(key, login);
}

/** The sign-in a cookie carries, or null when it is not one of ours or has expired. */
export function decodeLogin(key: Buffer, value: string, now: number): LoginInProgress | null {
  const data = verifySignedJson(key, value);
  if (typeof data !== 'object' || data === null) return null;
  const field = (name: string): unknown => Object.getOwnPropertyDescriptor(data, name)?.value;
  const [state, nonce, codeVerifier, next, expiresAt] = ['state', 'nonce', 'codeVerifier', 'next', 'expiresAt'].map(field);
  if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string' || typeof expiresAt !== 'number') return null;
  if (expiresAt <= now) return null;
  return { state, nonce, codeVerifier, next: safeNext(next), expiresAt };
}
