import type http from 'node:http';
import { TLSSocket } from 'node:tls';
import type { OidcIssuer } from './oidc';
import { rbacAllows, type RbacPolicy } from './rbac';
import type { RequestInfo } from './request-info';
import { kubeStatus, type KubeStatus } from './types';

/** Who a request is, as kube-apiserver's authenticators decide it. */
export interface KubeUser {
  name: string;
  /** Always includes `system:authenticated`, as the real server adds it. */
  groups: string[];
}

// kube-apiserver's x509 authenticator accepts only certificates made for client auth.
const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Authentication and authorization of one simulated API server:
 * - a bearer token (rotatable) that authenticates as `tokenUser`;
 * - an OIDC ID token of the cluster's issuer (`oidc`), as kube-apiserver's
 *   OIDC authenticator checks it: signature, issuer, audience, expiry;
 * - a client certificate verified against the cluster CA (the TLS server
 *   requests one but does not require it, like kube-apiserver with
 *   `--client-ca-file`): CN is the user name, each O a group. A certificate
 *   that does not verify authenticates nobody, so without a good token the
 *   request gets 401;
 * - a deny list of user names: authenticated, but every resource request gets
 *   the 403 `Status` RBAC gives a user without a binding. Discovery,
 *   `/version` and health stay readable (system:discovery and
 *   system:public-info-viewer grant them to every authenticated user);
 * - given `rbac`, an RBAC authorizer: every request, resource or not, is
 *   allowed only when the policy's roles and bindings grant it.
 */
export class KubeAuth {
  private readonly denied = new Set<string>();
  token: string;
  readonly tokenUser: KubeUser;
  readonly oidc: OidcIssuer | null;
  readonly rbac: RbacPolicy | null;

  constructor(options: { token: string; tokenUser: KubeUser; oidc?: OidcIssuer | null; rbac?: RbacPolicy | null }) {
    this.token = options.token;
    this.tokenUser = options.tokenUser;
    this.oidc = options.oidc ?? null;
    this.rbac = options.rbac ?? null;
  }

  /** The user of a request, or null (401). */
  authenticate(req: http.IncomingMessage): KubeUser | null {
    const fromCert = certificateUser(req);
    if (fromCert) return fromCert;
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return null;
    const bearer = header.slice('Bearer '.length);
    if (bearer === this.token) return this.tokenUser;
    return this.oidc?.authenticate(bearer) ?? null;
  }

  /** Users whose resource requests are forbidden from now on (an empty list forbids nobody). */
  setForbidden(users: readonly string[]): void {
    this.denied.clear();
    for (const user of users) this.denied.add(user);
  }

  get forbidden(): string[] {
    return [...this.denied];
  }

  /** The 403 `Status` for a request the user may not make, or null when allowed. */
  authorize(user: KubeUser, request: RequestInfo): KubeStatus | null {
    const denied = (request.kind === 'resource' && this.denied.has(user.name)) || (this.rbac !== null && !rbacAllows(this.rbac, user, request));
    return denied ? forbiddenStatus(user.name, request) : null;
  }
}

function certificateUser(req: http.IncomingMessage): KubeUser | null {
  const socket = req.socket;
  if (!(socket instanceof TLSSocket) || !socket.authorized) return null;
  const cert = socket.getPeerCertificate();
  if (!cert?.subject || !asList(cert.ext_key_usage).includes(CLIENT_AUTH_OID)) return null;
  const name = asList(cert.subject.CN)[0];
  if (!name) return null;
  return { name, groups: [...asList(cert.subject.O), 'system:authenticated'] };
}

/**
 * The body kube-apiserver sends when the authorizer denies a request
 * (apiserver's forbiddenMessage + apierrors.NewForbidden), e.g.
 * `nodes is forbidden: User "x" cannot list resource "nodes" in API group "" at the cluster scope`,
 * `services "grafana:http" is forbidden: User "x" cannot get resource "services/proxy" in API group "" in the namespace "monitoring"`,
 * `forbidden: User "x" cannot get path "/version"`.
 */
export function forbiddenStatus(user: string, request: RequestInfo): KubeStatus {
  if (request.kind === 'nonResource')
    return kubeStatus(403, 'Forbidden', `forbidden: User ${JSON.stringify(user)} cannot ${request.verb} path ${JSON.stringify(request.path)}`, {});
  const scope = request.namespace ? `in the namespace ${JSON.stringify(request.namespace)}` : 'at the cluster scope';
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const reason = `User ${JSON.stringify(user)} cannot ${request.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(request.group)} ${scope}`;
  const qualified = request.group ? `${request.resource}.${request.group}` : request.resource;
  const subject = request.name ? `${qualified} ${JSON.stringify(request.name)}` : qualified;
  return kubeStatus(403, 'Forbidden', `${subject} is forbidden: ${reason}`, {
    ...(request.name ? { name: request.name } : {}),
    ...(request.group ? { group: request.group } : {}),
    kind: request.resource,
  });
}
