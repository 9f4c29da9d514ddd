import { describe, expect, it } from 'vitest';
import { KUBE_TLS_SETTINGS, networkError, plainHttpRefused } from './network-error';

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
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'self-signed or another CA'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', 'self-signed or another CA'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'self-signed or another CA'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'it is self-signed'],
  ])('a certificate from a CA not trusted (%s) says what to set, in the source’s own terms', (code, message, which) => {
    expect(networkError('GET https://p/federate', failure(code, message), { url: 'https://p/federate' })).toEqual({
      kind: 'unreachable',
      message: `GET https://p/federate: TLS: the server's certificate is not signed by a CA fleetscope trusts (${which}: set tls.caFile)`,
    });
    expect(networkError('GET /version', failure(code, message), { url: 'https://k:6443/version', settings: KUBE_TLS_SETTINGS }).message).toBe(
      `GET /version: TLS: the server's certificate is not signed by a CA fleetscope trusts (${which}: set caFile, or the kubeconfig's certificate-authority)`,
    );
  });

  it('names the host a certificate does not name, and the names it has', () => {
    const error = Object.assign(
      failure('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: "),
      {
        host: '127.0.0.1',
        cert: { subjectaltname: 'DNS:example.test' },
      },
    );
    expect(networkError('GET https://127.0.0.1:8443/federate', error, { url: 'https://127.0.0.1:8443/federate' }).message).toBe(
      "GET https://127.0.0.1:8443/federate: TLS: the server's certificate does not name 127.0.0.1 (it names DNS:example.test)",
    );
  });

  it.each([
    ['CERT_HAS_EXPIRED', 'certificate has expired', "TLS: the server's certificate has expired"],
    [
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'tlsv13 alert certificate required',
      'TLS: the server requires a client certificate (set tls.certFile and tls.keyFile)',
    ],
    ['ERR_SSL_SSL_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure', 'TLS: ERR_SSL_SSL_HANDSHAKE_FAILURE sslv3 alert handshake failure'],
  ])('a TLS failure (%s) is unreachable, and says TLS', (code, message, sentence) => {
    expect(networkError('GET https://p/federate', failure(code, message), { url: 'https://p/federate' })).toEqual({
      kind: 'unreachable',
      message: `GET https://p/federate: ${sentence}`,
    });
  });

  it('says an https:// URL got a plain HTTP answer, instead of OpenSSL’s text', () => {
    const message = 'write EPROTO 80AC453F007F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number';
    expect(networkError('GET https://127.0.0.1:8443/federate', failure('EPROTO', message), { url: 'https://127.0.0.1:8443/federate' })).toEqual({
      kind: 'unreachable',
      message: 'GET https://127.0.0.1:8443/federate: TLS: the server at https://127.0.0.1:8443 answered in plain HTTP (is it http://?)',
    });
  });

  it('says an http:// URL got a TLS answer, and hints at it when a server hung up without a word', () => {
    const alert = Object.assign(failure('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'), { rawPacket: Buffer.from('15030100020246', 'hex') });
    expect(networkError('GET http://127.0.0.1:8443/federate', alert, { url: 'http://127.0.0.1:8443/federate' }).message).toBe(
      'GET http://127.0.0.1:8443/federate: TLS: the server at http://127.0.0.1:8443 answered in TLS (is it https://?)',
    );
    expect(networkError('GET http://127.0.0.1:8443/federate', failure('ECONNRESET', 'socket hang up'), { url: 'http://127.0.0.1:8443/federate' })).toEqual({
      kind: 'unreachable',
      message:
        'GET http://127.0.0.1:8443/federate: ECONNRESET socket hang up (closed without an answer: if the server at http://127.0.0.1:8443 speaks HTTPS, use https://)',
    });
  });
});

describe('plainHttpRefused', () => {
  it('reads a TLS server’s plain-HTTP refusal (Go, nginx) as the scheme mismatch it is', () => {
    const go = Buffer.from('Client sent an HTTP request to an HTTPS server.\n');
    expect(plainHttpRefused('GET http://p:9090/federate', 'http://p:9090/federate', 400, go)).toEqual({
      kind: 'unreachable',
      message: 'GET http://p:9090/federate: TLS: the server at http://p:9090 speaks HTTPS (is it https://?)',
    });
    const nginx = Buffer.from('<html><h1>400 Bad Request</h1>The plain HTTP request was sent to HTTPS port</html>');
    expect(plainHttpRefused('GET http://p/federate', 'http://p/federate', 400, nginx)?.kind).toBe('unreachable');
    expect(plainHttpRefused('GET http://p/federate', 'http://p/federate', 400, Buffer.from('bad match[]'))).toBeNull();
    expect(plainHttpRefused('GET https://p/federate', 'https://p/federate', 400, go)).toBeNull();
  });
});
