/**
 * Whether a websocket upgrade may proceed, judged by its Origin header: the
 * browser sends it and a page cannot forge it, so this is what keeps another
 * site from opening /ws from a user's browser. Clients that send no Origin
 * (command-line tools, other servers) are not browsers and are let through.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  if (allowList.includes('*')) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && parsed.host.toLowerCase() === host.toLowerCase()) return true;
  return allowList.some((allowed) => normalizeOrigin(allowed) === parsed.origin);
}

function normalizeOrigin(origin: string): string | null {
  try {
    return new URL(origin).origin;
  } catch {
    return null;
  }
}
