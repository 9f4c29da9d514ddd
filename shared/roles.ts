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
