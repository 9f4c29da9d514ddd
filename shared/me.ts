import type { Role } from './roles';

/**
 * GET /api/me (docs/api.md): who the caller is, as the UI shows it. Never a
 * secret: no token, no cookie, no session id.
 */
export interface MeView {
  readonly name: string;
  readonly email?: string;
  readonly groups: readonly string[];
  readonly role: Role;
  /** How the caller was recognised: none (auth off), basic, token, proxy, session (OIDC sign-in), wall (a wall screen's cookie). */
  readonly method: 'none' | 'basic' | 'token' | 'proxy' | 'session' | 'wall';
}

/** GET /auth/options (docs/api.md): what the sign-in page may offer; public. */
export interface AuthOptionsView {
  /** Where to send the browser to sign in (the built-in OpenID Connect login), or null when fleetscope has none. */
  readonly signIn: string | null;
}
