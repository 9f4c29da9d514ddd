import { describe, expect, it } from 'vitest';
import { networkError } from './network-error';

/** An error as Node's sockets and client-node's fetch raise them: a message and an errno-style code. */
function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('networkError', () => {
  it.each([
    ['ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:6443', 'timeout'],
    ['ESOCKETTIMEDOUT', 'socket timed out', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error', 'timeout'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', 'unreachable'],
    ['ECONNRESET', 'socket hang up', 'unreachable'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND prometheus.invalid', 'unreachable'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN prometheus', 'unreachable'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:443', 'unreachable'],
    ['', 'something else', 'unreachable'],
  ])('%s → %s', (code, message, kind) => {
    expect(networkError('GET http://p/federate', failure(code, message)).kind).toBe(kind);
  });

  it('keeps the message, adding the code when the message does not carry it', () => {
    expect(networkError('GET /version', failure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')).message).toBe(
      'GET /version: connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(networkError('GET /version', failure('ECONNRESET', 'socket hang up')).message).toBe('GET /version: ECONNRESET socket hang up');
    expect(networkError('GET /version', 'not an Error').message).toBe('GET /version: not an Error');
  });

  it.each([
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
    ['CERT_HAS_EXPIRED', 'certificate has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required'],
  ])('a TLS failure (%s) is unreachable, and says TLS', (code, message) => {
    expect(networkError('GET https://p/federate', failure(code, message))).toEqual({
      kind: 'unreachable',
      message: `GET https://p/federate: TLS: ${code} ${message}`,
    });
  });

  it('says TLS when the server does not speak it (EPROTO)', () => {
    const message = 'write EPROTO 80AC453F007F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number';
    expect(networkError('GET https://p/federate', failure('EPROTO', message))).toEqual({
      kind: 'unreachable',
      message: `GET https://p/federate: TLS: ${message}`,
    });
  });
});
