import type { IncomingMessage } from 'node:http';

/** The credentials of the request's `Authorization` header for one scheme (Bearer, Basic), or null when it has none of that scheme. */
export function authorizationCredentials(req: IncomingMessage, scheme: string): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== scheme.toLowerCase()) return null;
  return header.slice(space + 1).trim();
}
