import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { KubeUser } from './auth';

/** Claims of an ID token the simulated issuer mints. */
export interface OidcTokenOptions {
  /** Seconds from now to `exp`; negative for a token that has already expired. Default 3600. */
  expiresInS?: number;
  /** `groups` claim. */
  groups?: readonly string[];
  /** `iss` claim, to mint a token of another issuer. Default: this issuer. */
  issuer?: string;
  /** `aud` claim. Default: the client id. */
  audience?: string;
}

/** The username prefix kube-apiserver is run with here (`--oidc-username-prefix=oidc:`). */
export const OIDC_USERNAME_PREFIX = 'oidc:';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

const decodeJson = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An OIDC identity provider and kube-apiserver's OIDC authenticator in one,
 * as a server started with `--oidc-issuer-url=ISSUER --oidc-client-id=kubernetes
 * --oidc-username-claim=sub --oidc-username-prefix=oidc: --oidc-groups-claim=groups`
 * (signing algorithm RS256, the default). The RSA key is made on the first
 * token minted, so clusters that never use OIDC pay nothing for it.
 */
export class OidcIssuer {
  private key: { privateKey: KeyObject; publicKey: KeyObject } | null = null;

  constructor(
    private readonly issuerUrl: () => string,
    readonly clientId: string,
    private readonly now: () => number,
  ) {}

  get issuer(): string {
    return this.issuerUrl();
  }

  /** A signed ID token (a JWT) for `subject`, as the identity provider would hand out. */
  mint(subject: string, options: OidcTokenOptions = {}): string {
    this.key ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
    const iat = Math.floor(this.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: 'sim' };
    const payload = {
      iss: options.issuer ?? this.issuer,
      aud: options.audience ?? this.clientId,
      sub: subject,
      iat,
      exp: iat + (options.expiresInS ?? 3600),
      ...(options.groups ? { groups: [...options.groups] } : {}),
    };
    const signed = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    return `${signed}.${b64url(sign('sha256', Buffer.from(signed), this.key.privateKey))}`;
  }

  /**
   * The user of a bearer token, or null when it is not a valid ID token of
   * this issuer: three parts, RS256 signed by this issuer's key, `iss` this
   * issuer, `aud` holding the client id, `exp` not passed, a `sub`.
   */
  authenticate(token: string): KubeUser | null {
    const parts = token.split('.');
    if (parts.length !== 3 || !this.key) return null;
    const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
    const header = decodeJson(headerPart);
    const payload = decodeJson(payloadPart);
    if (!isRecord(header) || header.alg !== 'RS256' || !isRecord(payload)) return null;
    const signature = Buffer.from(signaturePart, 'base64url');
    if (!verify('sha256', Buffer.from(`${headerPart}.${payloadPart}`), this.key.publicKey, signature)) return null;
    if (payload.iss !== this.issuer) return null;
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(this.clientId)) return null;
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= this.now()) return null;
    if (typeof payload.sub !== 'string' || !payload.sub) return null;
    const groups = Array.isArray(payload.groups) ? payload.groups.filter((g): g is string => typeof g === 'string') : [];
    return { name: `${OIDC_USERNAME_PREFIX}${payload.sub}`, groups: [...groups, 'system:authenticated'] };
  }
}
