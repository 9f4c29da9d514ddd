import { useEffect, useState } from 'react';
import { errorDetail, postJson } from '../common/access';
import type { AccessControl } from '../common/use-access';
import { rememberWallAccess } from './wall-token';

/** The wall renews its cookie this often while open (its lifetime is auth.wallCookieTtl, 400 days by default). */
const RENEW_MS = 6 * 3600_000;

/** Where the token exchange stands: done (or nothing to exchange), under way, or refused with the server's reason. */
export type Exchange = { readonly state: 'done' } | { readonly state: 'exchanging' } | { readonly state: 'refused'; readonly detail: string };

/**
 * Exchanges the fragment's token for the wall cookie (POST /auth/wall) before
 * anything else is asked of the server; with no token, there is nothing to do.
 */
export function useWallExchange(token: string | null): Exchange {
  const [exchange, setExchange] = useState<Exchange>(token === null ? { state: 'done' } : { state: 'exchanging' });
  useEffect(() => {
    if (token === null) return;
    void postJson('/auth/wall', { token }).then(({ status, body }) => {
      if (status === 200) {
        rememberWallAccess();
        setExchange({ state: 'done' });
      } else setExchange({ state: 'refused', detail: status === null ? 'fleetscope could not be reached' : errorDetail(body, status) });
    });
  }, [token]);
  return exchange;
}

/** While a wall cookie is what lets the wall in, renews it now and every six hours; a refusal is a revocation. */
export function useWallRenewal(control: AccessControl): void {
  const { access, lost } = control;
  const wallCookie = access.state === 'ok' && access.me.method === 'wall';
  useEffect(() => {
    if (!wallCookie) return;
    const renew = () =>
      void postJson('/auth/wall/renew').then(({ status, body }) => {
        if (status === 401) lost(errorDetail(body, 401));
      });
    renew();
    const timer = setInterval(renew, RENEW_MS);
    return () => clearInterval(timer);
  }, [wallCookie, lost]);
}
