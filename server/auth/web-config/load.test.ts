import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimTls } from '../../simulator/tls';
import { loadWebConfig } from './load';
import { formatWebConfigProblem } from './types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-web-config-unit-'));
const file = (name: string) => path.join(dir, name);
const tls = createSimTls(['127.0.0.1']);
const other = createSimTls(['127.0.0.1']);
mkdirSync(file('certs'));
writeFileSync(file('certs/server.crt'), tls.certPem);
writeFileSync(file('certs/server.key'), tls.keyPem);
writeFileSync(file('certs/other.key'), other.keyPem);
writeFileSync(file('certs/ca.crt'), tls.caPem);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// "secret" under bcrypt, as htpasswd -nBC 10 "" made it.
const HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';

function load(text: string) {
  writeFileSync(file('web.yml'), text);
  return loadWebConfig(file('web.yml'));
}

function problems(text: string): string[] {
  const result = load(text);
  if (result.ok) throw new Error('the file was accepted');
  return result.problems.map(formatWebConfigProblem);
}

describe('loadWebConfig', () => {
  it('reads an empty file as no TLS, no users, no headers, no rate limit', () => {
    for (const text of ['', '# nothing yet\n', 'tls_server_config:\nbasic_auth_users:\nhttp_server_config:\n']) {
      const result = load(text);
      expect(result.ok && result.config).toMatchObject({ tls: null, headers: {}, rateLimit: null });
      expect(result.ok && result.config.users.size).toBe(0);
    }
  });

  it("reads every field, with exporter-toolkit's defaults, and files relative to the file's folder", () => {
    const result = load(`tls_server_config:
  cert_file: certs/server.crt
  key_file: certs/server.key
  client_auth_type: RequireClientCert
  client_ca_file: certs/ca.crt
  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256]
  curve_preferences: [X25519, CurveP256]
http_server_config:
  http2: yes
  headers:
    X-Frame-Options: sameorigin
    Content-Security-Policy: ""
basic_auth_users:
  alice: ${HASH}
  y: ${HASH}
rate_limit:
  interval: 1.5s
  burst: 3
`);
    if (!result.ok) throw new Error(result.problems.map(formatWebConfigProblem).join('; '));
    expect(result.config.tls).toEqual({
      certPem: tls.certPem,
      keyPem: tls.keyPem,
      clientCaPem: tls.caPem,
      clientAuth: 'RequireAnyClientCert',
      clientAllowedSans: null,
      minVersion: 'TLS12',
      maxVersion: 'TLS13',
      cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256'],
      curvePreferences: ['X25519', 'CurveP256'],
      preferServerCipherSuites: true,
    });
    // A blank header is unset, as exporter-toolkit documents.
    expect(result.config.headers).toEqual({ 'X-Frame-Options': 'sameorigin' });
    // A user named "y" stays "y" (YAML 1.1 would read the word as true).
    expect([...result.config.users]).toEqual([
      ['alice', HASH],
      ['y', HASH],
    ]);
    expect(result.config.rateLimit).toEqual({ intervalMs: 1500, burst: 3 });
    expect(result.inputs.map((input) => path.relative(dir, input.path))).toEqual(['web.yml', 'certs/server.crt', 'certs/server.key', 'certs/ca.crt']);
  });

  it('takes the certificate and key inline, as exporter-toolkit 0.11 and later do', () => {
    const lines = (pem: string) => pem.trim().split(/\r?\n/);
    const result = load(`tls_server_config:\n  cert: |\n    ${lines(tls.certPem).join('\n    ')}\n  key: |\n    ${lines(tls.keyPem).join('\n    ')}\n`);
    expect(result.ok && lines(result.config.tls?.certPem ?? '')).toEqual(lines(tls.certPem));
  });

  it('names the field of every problem, with the file it is about', () => {
    expect(
      problems(`tls_server_config:
  cert_file: certs/missing.crt
  key_file: certs/server.key
  client_ca_file: certs/ca.crt
  min_version: TLS13
  max_version: TLS12
`),
    ).toEqual([
      `web config tls_server_config.cert_file: no such file ${file('certs/missing.crt')}`,
      'web config tls_server_config.client_ca_file: is set, but client_auth_type asks for no client certificate (set client_auth_type: RequireAndVerifyClientCert)',
      'web config tls_server_config.min_version: TLS13 is above max_version TLS12: no client could connect',
    ]);
    expect(problems('tls_server_config:\n  cert_file: certs/server.crt\n  key_file: certs/other.key\n')).toEqual([
      `web config tls_server_config.key_file: does not match the certificate in cert_file ${file('certs/other.key')}`,
    ]);
    expect(problems('tls_server_config:\n  cert_file: certs/server.key\n  key_file: certs/server.crt\n')).toEqual([
      `web config tls_server_config.cert_file: holds no PEM certificate ${file('certs/server.key')}`,
      `web config tls_server_config.key_file: holds no PEM private key (or an encrypted one, which cannot be used) ${file('certs/server.crt')}`,
    ]);
    expect(problems('tls_server_config:\n  client_auth_type: RequireAndVerifyClientCert\n')).toEqual([
      'web config tls_server_config.cert_file: is required to serve TLS (or cert, inline)',
      'web config tls_server_config.key_file: is required to serve TLS (or key, inline)',
    ]);
  });

  it('refuses what exporter-toolkit refuses, in words that say what it takes', () => {
    expect(
      problems(`tls_server_config:
  cert_filse: certs/server.crt
  client_auth_type: Always
  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]
  curve_preferences: [P256]
  min_version: SSL3
http_server_config:
  headers:
    Server: fleetscope
    X-Frame-Options: DENY
rate_limit:
  interval: soon
`),
    ).toEqual([
      'web config tls_server_config.client_auth_type: must be one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert',
      'web config tls_server_config.cipher_suites[0]: unknown cipher suite "TLS_RSA_WITH_RC4_128_SHA" (Go\'s names of its secure suites, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)',
      'web config tls_server_config.curve_preferences[0]: unknown curve "P256" (one of CurveP256, CurveP384, CurveP521, X25519)',
      'web config tls_server_config.min_version: must be TLS10, TLS11, TLS12 or TLS13',
      'web config tls_server_config.cert_filse: unknown key',
      'web config http_server_config.headers.Server: cannot be set (the headers that can: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy)',
      'web config http_server_config.headers.X-Frame-Options: must be "deny" or "sameorigin" (got "DENY")',
      'web config rate_limit.interval: must be a duration like 1s or 500ms',
    ]);
    expect(problems('- tls_server_config\n')).toEqual([
      'web config: must be a mapping (tls_server_config, http_server_config, basic_auth_users, rate_limit) (got a list)',
    ]);
  });

  it('says which user has a hash it cannot check, never the hash', () => {
    const bad = {
      short: HASH.slice(0, -1),
      variant: HASH.replace('$2y$', '$2x$'),
      cost: HASH.replace('$10$', '$03$'),
    };
    const found = problems(
      `basic_auth_users:\n${Object.entries(bad)
        .map(([user, hash]) => `  ${user}: "${hash}"`)
        .join('\n')}\n  ok: ${HASH}\n`,
    );
    expect(found).toEqual([
      `web config basic_auth_users.short: is not a bcrypt hash (make one with: htpasswd -nBC 10 "" | tr -d ':\\n')`,
      'web config basic_auth_users.variant: is a bcrypt hash of variant $2x$, which fleetscope cannot check (use $2y$, $2b$ or $2a$: htpasswd -nBC 10)',
      'web config basic_auth_users.cost: has bcrypt cost 3, outside 4 to 31',
    ]);
    for (const hash of Object.values(bad)) expect(found.join('\n')).not.toContain(hash.slice(7));
  });

  it('says where the YAML is broken without quoting the file (it holds hashes)', () => {
    const found = problems(`basic_auth_users:\n  alice: ${HASH}\n  alice: ${HASH}\n`);
    expect(found).toEqual(['web config: not valid YAML: Map keys must be unique at line 3, column 3']);
  });

  it('says when the file itself cannot be read', () => {
    expect(loadWebConfig(file('nope.yml'))).toMatchObject({ ok: false, problems: [{ field: '', message: 'no such file', file: file('nope.yml') }] });
  });
});
