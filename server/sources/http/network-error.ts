import type { SourceError } from '../../../shared/errors';

/** A connection that gave up waiting: the system's connect timeout, or a request library's socket or connect timeout. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A TLS failure: Node's own (ERR_TLS_…), OpenSSL's (ERR_SSL_…; EPROTO when
 * the server does not speak TLS at all), and the
 * certificate verification codes Node passes on from OpenSSL (CERT_HAS_EXPIRED,
 * SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE, INVALID_CA, …).
 */
const TLS_CODE = /^ERR_(TLS|SSL)_|^EPROTO$|CERT|CRL|^UNABLE_TO_|^INVALID_(CA|PURPOSE)$|^PATH_LENGTH_EXCEEDED$|^HOSTNAME_MISMATCH$/;

/** Verification codes of a certificate whose issuer is not among the trusted CAs (itself, or a CA fleetscope was not given). */
const UNTRUSTED_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** OpenSSL's words for a first answer that is not a TLS record: plain HTTP on the port. */
const NOT_TLS = /wrong version number|packet length too long|http request|unknown protocol/i;

/** What a user sets, in the source's own config, to trust a CA and to present a client certificate; named in TLS messages. */
export interface TlsSettingNames {
  readonly ca: string;
  readonly clientCertificate: string;
}

/** The federation source's settings (prometheus.tls). */
export const PROMETHEUS_TLS_SETTINGS: TlsSettingNames = { ca: 'tls.caFile', clientCertificate: 'tls.certFile and tls.keyFile' };

/** The Kubernetes source's settings: the direct form, or the kubeconfig's. */
export const KUBE_TLS_SETTINGS: TlsSettingNames = {
  ca: "caFile, or the kubeconfig's certificate-authority",
  clientCertificate: "the kubeconfig's client-certificate and client-key",
};

/** What was asked: the URL (its scheme and origin go into the messages about HTTP and TLS) and the settings to name. */
export interface NetworkTarget {
  readonly url: string;
  readonly settings?: TlsSettingNames;
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** A property of a Node error (host, cert, rawPacket), read without trusting its shape. */
function property(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? Reflect.get(value, key) : undefined;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

function originOf(url: string): { origin: string; hostname: string; https: boolean } | null {
  try {
    const parsed = new URL(url);
    return { origin: `${parsed.protocol}//${parsed.host}`, hostname: parsed.hostname, https: parsed.protocol === 'https:' };
  } catch {
    return null;
  }
}

/** The first bytes of a TLS record (handshake or alert, version 3.x): a TLS server's answer to plain HTTP. */
function looksLikeTls(packet: unknown): boolean {
  return packet instanceof Uint8Array && packet.length >= 2 && (packet[0] === 0x15 || packet[0] === 0x16) && packet[1] === 0x03;
}

/** A sentence a user acts on for the TLS failures that have one, else null (the code and OpenSSL's text are kept then). */
function tlsSentence(code: string, error: unknown, text: string, target: NetworkTarget | undefined): string | null {
  const at = target ? originOf(target.url) : null;
  const settings = target?.settings ?? PROMETHEUS_TLS_SETTINGS;
  if (code === 'EPROTO' && NOT_TLS.test(text) && at?.https) return `TLS: the server at ${at.origin} answered in plain HTTP (is it http://?)`;
  if (UNTRUSTED_CODES.has(code)) {
    const which = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? 'it is self-signed' : 'self-signed or another CA';
    return `TLS: the server's certificate is not signed by a CA fleetscope trusts (${which}: set ${settings.ca})`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const host = textOf(property(error, 'host')) || at?.hostname || 'the server';
    const names = textOf(property(property(error, 'cert'), 'subjectaltname'));
    return `TLS: the server's certificate does not name ${host} (${names ? `it names ${names}` : 'it has no subject alternative names'})`;
  }
  if (code === 'CERT_HAS_EXPIRED') return "TLS: the server's certificate has expired";
  if (code === 'CERT_NOT_YET_VALID') return "TLS: the server's certificate is not valid yet (is a clock wrong?)";
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') return `TLS: the server requires a client certificate (set ${settings.clientCertificate})`;
  if (code === 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' || code === 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE')
    return `TLS: the server refused fleetscope's client certificate (${code})`;
  return null;
}

/**
 * A request that failed before a complete answer (a Node socket error), as a
 * SourceError: `timeout` when the connection gave up waiting, else
 * `unreachable` (refused, reset, DNS, no route, TLS). A TLS failure's message
 * says TLS, and for the common ones — plain HTTP on an https:// URL, TLS on an
 * http:// one, a certificate from a CA not trusted, a name the certificate
 * does not carry — a sentence saying what to change instead of OpenSSL's text.
 * Otherwise the message carries the code when the error's own text does not
 * ("socket hang up").
 */
export function networkError(what: string, error: unknown, target?: NetworkTarget): SourceError {
  const code = codeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  const detail = code && !text.includes(code) ? `${code} ${text}` : text;
  if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', message: `${what}: ${detail}` };
  const at = target ? originOf(target.url) : null;
  if (at && !at.https && code.startsWith('HPE_') && looksLikeTls(property(error, 'rawPacket')))
    return { kind: 'unreachable', message: `${what}: TLS: the server at ${at.origin} answered in TLS (is it https://?)` };
  if (TLS_CODE.test(code)) return { kind: 'unreachable', message: `${what}: ${tlsSentence(code, error, text, target) ?? `TLS: ${detail}`}` };
  // A TLS port closes a plain HTTP connection without a word (Node, OpenSSL); nothing tells it from another hang-up, so it is a hint.
  if (at && !at.https && code === 'ECONNRESET' && /socket hang up/.test(text))
    return { kind: 'unreachable', message: `${what}: ${detail} (closed without an answer: if the server at ${at.origin} speaks HTTPS, use https://)` };
  return { kind: 'unreachable', message: `${what}: ${detail}` };
}

/** What Go's and nginx's TLS servers answer, in plain HTTP, to a plain HTTP request. */
const PLAIN_TO_TLS_ANSWER = /client sent an http request to an https server|plain http request was sent to https port/i;

/**
 * The error of an answer that is a TLS server's refusal of plain HTTP (an
 * HTTP 400 whose body says so), or null: that answer is `unreachable` like
 * the other scheme mismatches, not a bad response of the server.
 */
export function plainHttpRefused(what: string, url: string, status: number, body: Buffer): SourceError | null {
  const at = originOf(url);
  if (status !== 400 || !at || at.https || !PLAIN_TO_TLS_ANSWER.test(body.toString('utf8', 0, Math.min(body.length, 512)))) return null;
  return { kind: 'unreachable', message: `${what}: TLS: the server at ${at.origin} speaks HTTPS (is it https://?)` };
}
