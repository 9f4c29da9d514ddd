import { COOKIE_NAMES, readCookie } from '../cookies';
import type { Authenticator } from '../types';
import type { Sessions } from './sessions';

/** The OIDC session cookie as an Authenticator (method `session`, viaCookie): `none` without the cookie. */
export function sessionAuthenticator(sessions: Pick<Sessions, 'authenticate'>): Authenticator {
  return {
    method: 'session',
    async authenticate(req) {
      const cookie = readCookie(req, COOKIE_NAMES.session);
      return cookie === undefined ? { kind: 'none' } : sessions.authenticate(cookie);
    },
  };
}
