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

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/**
 * A request that failed before a complete answer (a Node socket error, or
 * client-node's fetch error carrying the same code), as a SourceError:
 * `timeout` when the connection gave up waiting, else `unreachable` (refused,
 * reset, DNS, no route, TLS; a TLS failure's message says TLS). The message
 * carries the code when the error's own text does not ("socket hang up").
 */
export function networkError(what: string, error: unknown): SourceError {
  const code = codeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  const detail = code && !text.includes(code) ? `${code} ${text}` : text;
  if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', message: `${what}: ${detail}` };
  if (TLS_CODE.test(code)) return { kind: 'unreachable', message: `${what}: TLS: ${detail}` };
  return { kind: 'unreachable', message: `${what}: ${detail}` };
}
