import type { Me } from '../../../shared/auth';
import type { AuthOptionsView } from '../../../shared/sign-in';

/** Fired when any REST call is answered 401: the page checks GET /api/me again and shows the sign-in page if it says so. */
export const UNAUTHORIZED_EVENT = 'fleetscope:unauthorized';

/**
 * Who the page is working for, from GET /api/me:
 * - `checking`: not known yet;
 * - `ok`: signed in (or auth off: "anonymous", admin);
 * - `unreachable`: the server did not answer; the page carries on and the live connection says so;
 * - `unauthorized` (401): no credentials, or they were refused (expired session, revoked token);
 * - `forbidden` (403): known, but without a role here.
 */
export type Access =
  | { readonly state: 'checking' }
  | { readonly state: 'ok'; readonly me: Me }
  | { readonly state: 'unreachable' }
  | { readonly state: 'unauthorized'; readonly detail: string }
  | { readonly state: 'forbidden'; readonly detail: string };

const ROLE_NAMES: readonly unknown[] = ['viewer', 'operator', 'admin'];

function isMe(value: unknown): value is Me {
  if (typeof value !== 'object' || value === null) return false;
  const may: unknown = Reflect.get(value, 'may');
  return (
    typeof Reflect.get(value, 'name') === 'string' &&
    typeof Reflect.get(value, 'method') === 'string' &&
    ROLE_NAMES.includes(Reflect.get(value, 'role')) &&
    typeof may === 'object' &&
    may !== null
  );
}

/** The `detail` (else `error`) sentence of an error answer. */
export function errorDetail(body: unknown, status: number): string {
  if (typeof body === 'object' && body !== null) {
    const detail: unknown = Reflect.get(body, 'detail');
    const error: unknown = Reflect.get(body, 'error');
    if (typeof detail === 'string' && detail) return detail;
    if (typeof error === 'string' && error) return error;
  }
  return `HTTP ${status}`;
}

export async function fetchAccess(): Promise<Access> {
  let response: Response;
  try {
    response = await fetch('/api/me', { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { state: 'unreachable' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401) return { state: 'unauthorized', detail: errorDetail(body, 401) };
  if (response.status === 403) return { state: 'forbidden', detail: errorDetail(body, 403) };
  if (response.ok && isMe(body)) return { state: 'ok', me: body };
  return { state: 'unreachable' };
}

/** Where to sign in (the built-in OpenID Connect login), or null when fleetscope has none. */
export async function fetchSignIn(): Promise<string | null> {
  try {
    const response = await fetch('/auth/options', { headers: { accept: 'application/json' } });
    const body: unknown = await response.json();
    const signIn: AuthOptionsView['signIn'] | undefined =
      typeof body === 'object' && body !== null && 'signIn' in body && typeof body.signIn === 'string' ? body.signIn : null;
    return response.ok && signIn ? signIn : null;
  } catch {
    return null;
  }
}

/** POST of JSON to one of fleetscope's own routes (same origin, so it passes the CSRF check). */
export async function postJson(url: string, body?: unknown): Promise<{ status: number | null; body: unknown }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  } catch {
    return { status: null, body: null };
  }
}
