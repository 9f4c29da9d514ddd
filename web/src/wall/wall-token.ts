/**
 * The wall screen's token, given once in the URL fragment (/wall#token=…):
 * a fragment never reaches a server or a proxy log. Read once at start-up
 * and removed from the address bar at once (history.replaceState), so it is
 * neither bookmarked nor shown on the screen.
 */
export function takeWallToken(): string | null {
  if (!/^\/wall\/?$/.test(location.pathname) || !location.hash) return null;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token === null) return null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token || null;
}

/** Set once this browser has exchanged a token: a later 401 then means "revoked", not "never given one". */
const HAD_ACCESS_KEY = 'fleetscope.wall.hadAccess';

export function rememberWallAccess(): void {
  try {
    localStorage.setItem(HAD_ACCESS_KEY, '1');
  } catch {
    // Storage can be off (a kiosk's private mode): the notice then says "no access" instead of "revoked".
  }
}

export function hadWallAccess(): boolean {
  try {
    return localStorage.getItem(HAD_ACCESS_KEY) === '1';
  } catch {
    return false;
  }
}
