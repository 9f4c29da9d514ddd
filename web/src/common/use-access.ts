import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchAccess, UNAUTHORIZED_EVENT, type Access } from './access';

export interface AccessControl {
  readonly access: Access;
  /** Asks GET /api/me again; resolves to whether the page may carry on (signed in, or the server did not answer). */
  readonly recheck: () => Promise<boolean>;
  /** The live connection was closed because its access was revoked (close code 4401). */
  readonly lost: (detail: string) => void;
}

/**
 * Who the page works for, kept current: read from GET /api/me once `ready`
 * (the wall exchanges its token first), again whenever a REST call is
 * answered 401 or the live connection cannot get in.
 */
export function useAccess(ready: boolean): AccessControl {
  const [access, setAccess] = useState<Access>({ state: 'checking' });
  const lostRef = useRef(false);
  const recheck = useCallback(async () => {
    const next = await fetchAccess();
    if (!lostRef.current) setAccess(next);
    return next.state === 'ok' || next.state === 'unreachable';
  }, []);
  const lost = useCallback((detail: string) => {
    lostRef.current = true;
    setAccess({ state: 'unauthorized', detail });
  }, []);
  useEffect(() => {
    if (!ready) return;
    void recheck();
    const onUnauthorized = () => void recheck();
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [ready, recheck]);
  return { access, recheck, lost };
}
