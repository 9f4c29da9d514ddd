import type { IncomingMessage } from 'node:http';
import { parse, serialize } from 'cookie';

/** fleetscope's cookies; each is HttpOnly and SameSite=Lax, and Secure when users reach fleetscope over https. */
export const COOKIE_NAMES = {
  /** The OIDC session: a signed random secret; the session itself is in the store. */
  session: 'fleetscope_session',
  /** A wall screen's access: signed, naming the token it was exchanged for. */
  wall: 'fleetscope_wall',
  /** A sign-in under way (state, nonce, PKCE verifier), from /auth/login to /auth/callback; ten minutes. */
  login: 'fleetscope_login',
} as const;

export interface CookieOptions {
  /** Set when users reach fleetscope over https (TLS, or an https server.externalUrl). */
  readonly secure: boolean;
  readonly path?: string;
}

/** The value of one cookie of a request; undefined when it has none (or an empty one). */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parse(header)[name] || undefined;
}

/** A Set-Cookie header value that sets `name` for `maxAgeMs`. */
export function setCookie(name: string, value: string, maxAgeMs: number, options: CookieOptions): string {
  return serialize(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: options.path ?? '/',
    maxAge: Math.max(0, Math.floor(maxAgeMs / 1000)),
  });
}

/** A Set-Cookie header value that removes `name`. */
export function clearCookie(name: string, options: CookieOptions): string {
  return serialize(name, '', { httpOnly: true, sameSite: 'lax', secure: options.secure, path: options.path ?? '/', maxAge: 0 });
}
