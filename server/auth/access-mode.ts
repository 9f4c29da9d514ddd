import { isIP } from 'node:net';

/**
 * Whether access control is on:
 * - `on`: a way of authenticating is configured; every route but the public ones needs a role;
 * - `loopback`: nothing configured and fleetscope listens on loopback only: open, as the demo;
 * - `none`: `auth.mode: none`, open on any address on purpose (a warning in the log, a banner in the UI).
 */
export type AccessMode = 'on' | 'loopback' | 'none';

export type AccessDecision = { ok: true; mode: AccessMode } | { ok: false; message: string };

/** Whether only this machine can reach an address fleetscope listens on. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || /^::ffff:127\./.test(name);
}

export interface AccessDecisionInput {
  mode: 'auto' | 'none';
  /** The ways of authenticating the config sets up, by config key (auth.tokens, auth.proxy, …). */
  configured: readonly string[];
  listenHost: string;
}

/** The safe default: open on loopback with nothing configured, refused on any other address unless open on purpose. */
export function decideAccess(input: AccessDecisionInput): AccessDecision {
  if (input.mode === 'none') {
    if (input.configured.length === 0) return { ok: true, mode: 'none' };
    return {
      ok: false,
      message: `auth.mode: none turns access control off, but ${input.configured.join(', ')} ${input.configured.length > 1 ? 'are' : 'is'} configured: remove auth.mode: none to use ${input.configured.length > 1 ? 'them' : 'it'}, or remove ${input.configured.length > 1 ? 'them' : 'it'} to serve fleetscope open on purpose.`,
    };
  }
  if (input.configured.length > 0) return { ok: true, mode: 'on' };
  if (isLoopback(input.listenHost)) return { ok: true, mode: 'loopback' };
  return {
    ok: false,
    message: [
      `fleetscope would listen on ${input.listenHost || 'every address'}, which is not a loopback address, and no way of authenticating is configured:`,
      'anyone who can reach the port could read everything, silence any alert and forge alerts into chat. Configure one in the auth section of the config (docs/security.md):',
      '  - bearer tokens: run `fleetscope token create --name NAME --role admin` and put the line it prints under auth.tokens (or in auth.tokensFile);',
      '  - a trusted reverse proxy (oauth2-proxy, Pomerium, an ext_authz filter): auth.proxy.trustedAddresses and auth.groups;',
      '  - OpenID Connect login: auth.oidc;',
      "  - basic-auth users of a Prometheus web configuration file: server.webConfigFile's basic_auth_users;",
      'or listen on loopback only (--host 127.0.0.1), or set auth.mode: none to serve it open on purpose.',
    ].join('\n'),
  };
}

/** Access control cannot be as configured: the command prints the message and exits 2. */
export class AccessRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessRefused';
  }
}
