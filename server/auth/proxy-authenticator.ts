import type { IncomingMessage } from 'node:http';
import { socketAddress, type AddressSet } from './addresses';
import { roleOfGroups } from './roles';
import type { Authenticator, Role } from './types';

export interface ProxyAuthenticatorOptions {
  /** The proxy's addresses: headers from any other connection are ignored. */
  trusted: AddressSet;
  userHeader: string;
  emailHeader: string;
  /** Comma-separated groups, as oauth2-proxy sends them. */
  groupsHeader: string;
  /** Group → role (auth.groups). */
  groups: Readonly<Record<string, Role>>;
  /** Role of a user whose groups map to none; absent: such a user is refused (403). */
  defaultRole?: Role;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim();
}

/**
 * A trusted reverse proxy (oauth2-proxy, Pomerium, an Envoy ext_authz
 * filter) signs users in and says who they are in headers. The headers are
 * believed only on connections from the proxy's own addresses: anyone else
 * could write them, so from anywhere else they are ignored as if absent.
 */
export function createProxyAuthenticator(options: ProxyAuthenticatorOptions): Authenticator {
  return {
    method: 'proxy',
    authenticate(req) {
      if (!options.trusted.has(socketAddress(req))) return { kind: 'none' };
      const email = header(req, options.emailHeader);
      const name = header(req, options.userHeader) || email;
      if (!name) return { kind: 'none' };
      const groups = header(req, options.groupsHeader)
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      const role = roleOfGroups(groups, options.groups, options.defaultRole);
      if (role === null)
        return {
          kind: 'forbidden',
          name,
          reason: `${name} is signed in through the proxy, but none of their groups (${groups.join(', ') || 'none'}) has a role in auth.groups, and auth.proxy.defaultRole is not set`,
        };
      return {
        kind: 'ok',
        // The proxy's own cookie signs the browser in: as ambient as a cookie of ours.
        identity: { method: 'proxy', name, ...(email ? { email } : {}), groups, role, credential: `proxy:${name}`, viaCookie: true },
      };
    },
  };
}
