/**
 * Wire shapes of who is signed in (GET /api/me) and of the audit log
 * (GET /api/audit), as the server answers them and the web app reads them.
 * Reference: docs/api.md ("Access"), docs/security.md.
 */

export type RoleName = 'viewer' | 'operator' | 'admin';
export type AuthMethodName = 'none' | 'basic' | 'token' | 'proxy' | 'session' | 'wall';

/**
 * Whether access control is on: `on`; `loopback` (nothing configured, and
 * fleetscope listens on loopback only: open, as the demo); `none` (open on
 * purpose with `auth.mode: none`: the UI shows a banner saying so).
 */
export type AccessState = 'on' | 'loopback' | 'none';

/** GET /api/me: the caller, never a secret. */
export interface Me {
  /** A user's or token's name; `anonymous` when access control is off. */
  name: string;
  email?: string;
  groups: string[];
  role: RoleName;
  method: AuthMethodName;
  /** What the role allows, from the server's access table, so the UI shows only those actions. */
  may: { silence: boolean; retryNotifications: boolean; audit: boolean; reload: boolean };
  access: AccessState;
}

/** One entry of the audit log. */
export interface AuditEntryView {
  id: number;
  /** RFC 3339. */
  at: string;
  /** silence.created, silence.updated, silence.expired, token.added, token.changed, token.revoked, config.reloaded, config.reload_failed. */
  action: string;
  /** A user's or token's name, or `fleetscope` for what the server did on its own or on a signal. */
  actor: string;
  /** How the actor was authenticated, or `system`. */
  method: string;
  /** The client's address, or `SIGHUP`, `file change`. */
  from: string;
  /** A silence's id, a token's name, a file. */
  target: string;
  detail: string;
}

/** GET /api/audit: newest first. */
export interface AuditList {
  entries: AuditEntryView[];
  /** Ask with `?before=` this for older entries; null when there are none. */
  next: number | null;
}
