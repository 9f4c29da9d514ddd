import type { SecureContextOptions } from 'node:tls';
import { CIPHER_SUITES, CURVES, TLS13_SUITES, TLS_VERSIONS } from './go-names';
import type { TlsServerSettings } from './types';

const TLS13 = new Set<string>(TLS13_SUITES);

/**
 * What Node's TLS is given for tls_server_config: the certificate and key,
 * the CAs client certificates are verified against, the protocol versions,
 * cipher suites and curves in OpenSSL's names. Whether a client certificate
 * is asked for is not here: Node fixes that per server (see
 * requestsClientCert).
 */
export function secureContextOptions(tls: TlsServerSettings): SecureContextOptions {
  const tls12Suites = tls.cipherSuites.filter((name) => !TLS13.has(name)).map((name) => CIPHER_SUITES[name] ?? name);
  return {
    cert: tls.certPem,
    key: tls.keyPem,
    ...(tls.clientCaPem === null ? {} : { ca: tls.clientCaPem }),
    minVersion: TLS_VERSIONS[tls.minVersion],
    maxVersion: TLS_VERSIONS[tls.maxVersion],
    // Go keeps every TLS 1.3 suite on whatever cipher_suites says (OpenSSL would turn TLS 1.3 off without them),
    // and a list of TLS 1.3 suites only leaves TLS 1.2 without any.
    ...(tls.cipherSuites.length === 0 ? {} : { ciphers: [...tls12Suites, ...TLS13_SUITES].join(':') }),
    ...(tls.curvePreferences.length === 0 ? {} : { ecdhCurve: tls.curvePreferences.map((name) => CURVES[name] ?? name).join(':') }),
    honorCipherOrder: tls.preferServerCipherSuites,
  };
}

/** Whether the server asks clients for a certificate (Node's requestCert, fixed when the server is made). */
export function requestsClientCert(tls: TlsServerSettings | null): boolean {
  return tls !== null && tls.clientAuth !== 'NoClientCert';
}
