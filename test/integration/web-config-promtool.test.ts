import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CIPHER_SUITES, CURVES } from '../../server/auth/web-config/go-names';
import { loadWebConfig } from '../../server/auth/web-config/load';
import { formatWebConfigProblem } from '../../server/auth/web-config/types';
import { createSimTls } from '../../server/simulator/tls';
import { bcryptHash, promtoolCheckWebConfig, writeServerTls } from '../helpers/web-config';

/**
 * fleetscope against Prometheus' own checker: every file promtool check
 * web-config accepts is one fleetscope serves with, and every file it
 * refuses, fleetscope refuses too, naming the field.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-promtool-'));
writeServerTls(dir, 'server');
writeFileSync(path.join(dir, 'clients-ca.crt'), createSimTls().caPem);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TLS = 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n';
const hash = bcryptHash('secret');

const ACCEPTED: Record<string, string> = {
  'an empty file': '',
  'an empty tls_server_config': 'tls_server_config:\n',
  'a certificate and key': TLS,
  'the certificate and key as absolute paths': `tls_server_config:\n  cert_file: ${path.join(dir, 'server.crt')}\n  key_file: ${path.join(dir, 'server.key')}\n`,
  ...Object.fromEntries(
    ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'RequireClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'].map((type) => [
      `client_auth_type ${type}`,
      `${TLS}  client_auth_type: ${type}\n${type === 'NoClientCert' ? '' : '  client_ca_file: clients-ca.crt\n'}`,
    ]),
  ),
  'RequireAndVerifyClientCert without client_ca_file': `${TLS}  client_auth_type: RequireAndVerifyClientCert\n`,
  'every cipher suite and curve, versions, no server preference': `${TLS}  cipher_suites: [${Object.keys(CIPHER_SUITES).join(', ')}]\n  curve_preferences: [${Object.keys(CURVES).join(', ')}]\n  min_version: TLS10\n  max_version: TLS12\n  prefer_server_cipher_suites: false\n`,
  'TLS 1.3 only': `${TLS}  min_version: TLS13\n`,
  'http2 off, YAML 1.1 words': 'http_server_config:\n  http2: no\n',
  'every header exporter-toolkit allows': `http_server_config:
  headers:
    Strict-Transport-Security: max-age=31536000; includeSubDomains
    X-Content-Type-Options: nosniff
    X-Frame-Options: sameorigin
    X-XSS-Protection: "1; mode=block"
    Content-Security-Policy: "default-src 'self'"
`,
  'bcrypt users of each variant': `basic_auth_users:\n  alice: ${hash}\n  bob: ${hash.replace('$2b$', '$2y$')}\n  carol: "${hash.replace('$2b$', '$2a$')}"\n  y: ${hash}\n`,
  'everything at once, with comments': `# the file of a team's Prometheus\n${TLS}  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: clients-ca.crt\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\nbasic_auth_users:\n  prometheus: ${hash}\n`,
};

/** Refused by both, with the field fleetscope names. */
const REFUSED: Record<string, { text: string; field: string }> = {
  'an unknown key': { text: 'tls_config:\n  cert_file: server.crt\n', field: 'web config tls_config: unknown key' },
  'an unknown TLS key': { text: `${TLS}  cert_filse: server.crt\n`, field: 'web config tls_server_config.cert_filse' },
  'no key_file': { text: 'tls_server_config:\n  cert_file: server.crt\n', field: 'web config tls_server_config.key_file' },
  'no cert_file': { text: 'tls_server_config:\n  key_file: server.key\n', field: 'web config tls_server_config.cert_file' },
  'an empty cert_file': { text: 'tls_server_config:\n  cert_file: ""\n  key_file: server.key\n', field: 'web config tls_server_config.cert_file' },
  'a client_auth_type alone': { text: 'tls_server_config:\n  client_auth_type: RequireAndVerifyClientCert\n', field: 'web config tls_server_config.cert_file' },
  'a missing certificate file': {
    text: 'tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n',
    field: 'web config tls_server_config.cert_file: no such file',
  },
  'the key as certificate': {
    text: 'tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n',
    field: 'web config tls_server_config.cert_file: holds no PEM certificate',
  },
  'a key of another certificate': {
    text: 'tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n',
    field: 'web config tls_server_config.key_file',
  },
  'an unknown client_auth_type': { text: `${TLS}  client_auth_type: Maybe\n`, field: 'web config tls_server_config.client_auth_type' },
  'a client CA without client_auth_type': { text: `${TLS}  client_ca_file: clients-ca.crt\n`, field: 'web config tls_server_config.client_ca_file' },
  'an insecure cipher suite': { text: `${TLS}  cipher_suites: [TLS_RSA_WITH_3DES_EDE_CBC_SHA]\n`, field: 'web config tls_server_config.cipher_suites[0]' },
  'an OpenSSL cipher name': { text: `${TLS}  cipher_suites: [ECDHE-RSA-AES128-GCM-SHA256]\n`, field: 'web config tls_server_config.cipher_suites[0]' },
  'an unknown curve': { text: `${TLS}  curve_preferences: [secp256r1]\n`, field: 'web config tls_server_config.curve_preferences[0]' },
  'an unknown TLS version': { text: `${TLS}  min_version: TLS1.2\n`, field: 'web config tls_server_config.min_version' },
  'a quoted boolean': { text: 'http_server_config:\n  http2: "yes"\n', field: 'web config http_server_config.http2' },
  'a header it does not allow': { text: 'http_server_config:\n  headers:\n    Server: fleetscope\n', field: 'web config http_server_config.headers.Server' },
  'a header in lower case': {
    text: 'http_server_config:\n  headers:\n    x-frame-options: deny\n',
    field: 'web config http_server_config.headers.x-frame-options',
  },
  'a header value outside its set': {
    text: 'http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n',
    field: 'web config http_server_config.headers.X-Content-Type-Options',
  },
  'a password instead of a hash': { text: 'basic_auth_users:\n  alice: secret\n', field: 'web config basic_auth_users.alice' },
  'a bcrypt cost below 4': { text: `basic_auth_users:\n  alice: "${hash.replace(/\$\d\d\$/, '$03$')}"\n`, field: 'web config basic_auth_users.alice' },
  'a user twice': { text: `basic_auth_users:\n  alice: ${hash}\n  alice: ${hash}\n`, field: 'web config: not valid YAML' },
  'a list': { text: '- tls_server_config\n', field: 'web config: must be a mapping' },
};

function writeCase(name: string, text: string): string {
  const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yml`);
  writeFileSync(file, text);
  return file;
}

writeFileSync(path.join(dir, 'other.key'), createSimTls().keyPem);

describe('web configuration files promtool check web-config accepts', () => {
  for (const [name, text] of Object.entries(ACCEPTED)) {
    it(`serves with ${name}`, () => {
      const file = writeCase(name, text);
      expect(promtoolCheckWebConfig(file), 'promtool').toMatchObject({ status: 0 });
      const load = loadWebConfig(file);
      expect(load.ok ? [] : load.problems.map(formatWebConfigProblem)).toEqual([]);
    });
  }
});

describe('web configuration files promtool check web-config refuses', () => {
  for (const [name, { text, field }] of Object.entries(REFUSED)) {
    it(`refuses ${name}, naming the field`, () => {
      const file = writeCase(name, text);
      expect(promtoolCheckWebConfig(file).status, 'promtool').toBe(1);
      const load = loadWebConfig(file);
      expect(load.ok ? [] : load.problems.map(formatWebConfigProblem).join('\n')).toContain(field);
    });
  }
});
