import type { AccessMode } from '../auth/access-mode';
import { createHostCheck } from '../auth/allowed-hosts';
import type { AuditActor, AuditLog } from '../auth/audit';
import { createAuthChain } from '../auth/chain';
import { createGate, type Gate } from '../auth/gate';
import { createProxyAuthenticator } from '../auth/proxy-authenticator';
import type { Reloadable } from '../auth/reload';
import type { ResolvedAuth } from '../auth/resolve-auth';
import { createTokenAuthenticator, tokenCredential } from '../auth/token-authenticator';
import { createTokenRegistry, type TokenChanges } from '../auth/token-registry';
import type { Authenticator } from '../auth/types';
import type { TokenEntry } from '../config/schema/auth';
import type { FleetscopeConfig } from '../config/schema/root';
import type { Logger } from '../log';

export interface AccessOptions {
  config: Readonly<FleetscopeConfig>;
  mode: AccessMode;
  /** The auth section as resolveConfig read it. */
  resolved: ResolvedAuth;
  listenHost: string;
  /** POST /api/alertmanager's own token (alerts.inbound). */
  inbound: { readonly configured: boolean; allowed(authorization: string | undefined): boolean };
  audit: AuditLog;
  /** Closes the websockets a revoked credential opened (the stream hub's closeCredential; it exists only later, hence a function). */
  closeCredential: (credential: string, reason: string) => void;
  /**
   * Makes the authenticators of the other ways of signing in, asked after
   * the trusted proxy and before the bearer tokens: basic auth over the web
   * configuration file's users, the OIDC session, the wall's cookie (which
   * is bound to a viewer token: `tokens` is the tokens in force, and a wall
   * identity's credential is `tokenCredential(name)`, so revoking the token
   * closes the wall's websocket too).
   */
  authenticators?: (deps: { tokens: () => readonly TokenEntry[] }) => readonly Authenticator[];
  /** Parts of the config re-read on reload besides the tokens file (the web configuration file). */
  reloadables?: readonly Reloadable[];
  logger: Logger;
  now: () => number;
}

/** Access control as main.ts wires it: the gate of every route and the websocket, and what a reload re-reads. */
export interface AccessControl {
  readonly gate: Gate;
  readonly reloadables: readonly Reloadable[];
  close(): void;
}

/** The audit entries and websocket closings of a change of the tokens in force. */
function onTokenChanges(options: AccessOptions, changes: TokenChanges, by: AuditActor): void {
  const logger = options.logger.child({ component: 'auth' });
  const record = (action: 'token.added' | 'token.changed' | 'token.revoked', name: string, detail: string) =>
    options.audit.record(by, { action, target: name, detail }).catch((error: unknown) => logger.error({ err: error }, 'audit entry not kept'));
  for (const t of changes.added) void record('token.added', t.name, `role ${t.role}`);
  for (const t of changes.changed) {
    options.closeCredential(tokenCredential(t.name), `token ${t.name} was changed`);
    void record('token.changed', t.name, `now role ${t.role}; its open websockets were closed`);
  }
  for (const t of changes.removed) {
    options.closeCredential(tokenCredential(t.name), `token ${t.name} was revoked`);
    void record('token.revoked', t.name, `was role ${t.role}; its open websockets were closed`);
  }
}

/**
 * Builds the chain of authenticators (trusted proxy, then the others given,
 * then bearer tokens), the failed-attempt limit, the Host check and the
 * gate, from the config.
 */
export function composeAccess(options: AccessOptions): AccessControl {
  const { config, resolved, logger, now } = options;
  const auth = config.auth;
  const tokens = createTokenRegistry({ auth, initial: resolved.tokens, logger, onChange: (changes, by) => onTokenChanges(options, changes, by) });
  const usesTokens = auth.tokens.length > 0 || auth.tokensFile !== undefined;
  const authenticators: Authenticator[] = [
    ...(auth.proxy && resolved.trustedProxies
      ? [
          createProxyAuthenticator({
            trusted: resolved.trustedProxies,
            userHeader: auth.proxy.userHeader,
            emailHeader: auth.proxy.emailHeader,
            groupsHeader: auth.proxy.groupsHeader,
            groups: auth.groups,
            defaultRole: auth.proxy.defaultRole,
          }),
        ]
      : []),
    ...(options.authenticators?.({ tokens: () => tokens.tokens() }) ?? []),
    ...(usesTokens ? [createTokenAuthenticator({ tokens: () => tokens.tokens() })] : []),
  ];
  const chain = createAuthChain({
    authenticators,
    failedAttemptsPerMinute: auth.failedAttemptsPerMinute,
    trustedProxies: resolved.trustedProxies,
    logger,
    now,
  });
  const basic = authenticators.some((a) => a.method === 'basic');
  const ways = [
    ...(usesTokens ? ['send a bearer token (Authorization: Bearer fst_…; `fleetscope token create` makes one)'] : []),
    ...(basic ? ['sign in with a user of the web configuration file (basic auth)'] : []),
    ...(auth.proxy ? ['come through the sign-in proxy'] : []),
    ...(auth.oidc ? ['sign in at /auth/login'] : []),
  ];
  const gate = createGate({
    mode: options.mode,
    chain,
    hostAllowed: createHostCheck({ externalUrl: config.server.externalUrl, allowedHosts: config.server.allowedHosts, listenHost: options.listenHost }),
    inbound: options.inbound,
    challenges: [...(basic ? ['Basic realm="fleetscope"'] : []), ...(usesTokens ? ['Bearer realm="fleetscope"'] : [])],
    howToSignIn: ways.length ? `${ways.join(', or ')} (docs/security.md)` : 'see docs/security.md',
  });
  const tokensPart: Reloadable[] = auth.tokensFile !== undefined ? [{ name: 'auth.tokensFile', reload: (by) => tokens.reload(by) }] : [];
  return {
    gate,
    reloadables: [...tokensPart, ...(options.reloadables ?? [])],
    close: () => tokens.close(),
  };
}
