import { ROLES, type Role } from './types';

/**
 * The role a user's groups give: the highest any of them maps to, else the
 * default role, else none (the user is known but may do nothing: 403).
 */
export function roleOfGroups(groups: readonly string[], mapping: Readonly<Record<string, Role>>, defaultRole: Role | undefined): Role | null {
  let best = -1;
  for (const group of groups) {
    const role = Object.hasOwn(mapping, group) ? mapping[group] : undefined;
    if (role !== undefined) best = Math.max(best, ROLES.indexOf(role));
  }
  return ROLES[best] ?? defaultRole ?? null;
}
