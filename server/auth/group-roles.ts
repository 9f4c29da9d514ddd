import { ROLES, type Role } from './types';

/**
 * The role of a user from their groups (auth.groups: group → role): the
 * highest of the roles their groups map to, else `defaultRole`; null when
 * neither gives one (such a user is refused).
 */
export function roleForGroups(groups: readonly string[], mapping: Readonly<Record<string, Role>>, defaultRole: Role | undefined): Role | null {
  let best = -1;
  for (const group of groups) {
    const role = mapping[group];
    if (role !== undefined) best = Math.max(best, ROLES.indexOf(role));
  }
  return ROLES[best] ?? defaultRole ?? null;
}
