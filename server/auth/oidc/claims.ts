/** Who a provider says a user is, from the ID token's claims merged with userinfo's. */
export interface UserClaims {
  readonly subject: string;
  /** preferred_username, else email, else name, else sub: what is shown and recorded as the user. */
  readonly name: string;
  readonly email?: string;
  readonly groups: readonly string[];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The claim named `path`: the claim of that exact name when there is one
 * (names such as https://example.com/groups contain dots), else the dotted
 * path into nested objects (Keycloak's realm_access.roles).
 */
function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = Object.getOwnPropertyDescriptor(value, part)?.value;
  }
  return value;
}

/** A groups claim as a list: an array of strings, or one string (some providers send a single group so). */
function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (!Array.isArray(value)) return [];
  return value.flatMap((g) => (typeof g === 'string' && g.trim() ? [g.trim()] : []));
}

/** The user a set of claims describes; null without a subject. */
export function userClaims(claims: Readonly<Record<string, unknown>>, groupsClaim: string): UserClaims | null {
  const subject = text(claims.sub);
  if (!subject) return null;
  const email = text(claims.email);
  return {
    subject,
    name: text(claims.preferred_username) ?? email ?? text(claims.name) ?? subject,
    ...(email ? { email } : {}),
    groups: groupsOf(claimAt(claims, groupsClaim)),
  };
}
