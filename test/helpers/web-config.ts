import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import bcrypt from 'bcryptjs';
import forge from 'node-forge';
import { createSimTls, type SimTls } from '../../server/simulator/tls';

/** Prometheus' own checker of web configuration files (Debian's prometheus package). */
export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

/** `promtool check web-config FILE`: its exit status and what it said. */
export function promtoolCheckWebConfig(file: string): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL, ['check', 'web-config', file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A bcrypt hash of `password`, as htpasswd -B makes them (a low cost: tests need no slow hashes). */
export function bcryptHash(password: string): string {
  return bcrypt.hashSync(password, 6);
}

/** A fresh CA and a server certificate for 127.0.0.1, written as NAME-ca.crt, NAME.crt and NAME.key in `dir`. */
export function writeServerTls(dir: string, name: string): SimTls {
  const tls = createSimTls(['127.0.0.1', 'localhost']);
  writeFileSync(path.join(dir, `${name}-ca.crt`), tls.caPem);
  writeFileSync(path.join(dir, `${name}.crt`), tls.certPem);
  writeFileSync(path.join(dir, `${name}.key`), tls.keyPem);
  return tls;
}

/** A certificate and its key, PEM. */
export interface IssuedCert {
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint, as X509Certificate.fingerprint256 writes it. */
  fingerprint: string;
}

/**
 * A certificate signed by the CA of `by`: for a server (serverAuth) or a
 * client (clientAuth), with the given SANs (`DNS:name`, `IP:1.2.3.4`,
 * `URI:spiffe://…`, `email:a@b`).
 */
export function issueCert(by: Pick<SimTls, 'caPem' | 'caKeyPem'>, options: { cn: string; usage: 'server' | 'client'; sans?: readonly string[] }): IssuedCert {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ca = forge.pki.certificateFromPem(by.caPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: options.cn }]);
  cert.setIssuer(ca.subject.attributes);
  const altNames = (options.sans ?? []).map((san) => {
    const [kind, value = ''] = san.split(/:(.*)/s);
    if (kind === 'IP') return { type: 7, ip: value };
    if (kind === 'URI') return { type: 6, value };
    if (kind === 'email') return { type: 1, value };
    return { type: 2, value };
  });
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: options.usage === 'server', clientAuth: options.usage === 'client' },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(by.caKeyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), fingerprint: new X509Certificate(certPem).fingerprint256 };
}

/** What a real HTTPS client got: the answer, and the certificate the server showed. */
export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** SHA-256 fingerprint of the server's certificate. */
  served: string;
}

/** GET over HTTPS with node's client, trusting `ca` only (and presenting a client certificate when given). */
export function httpsGet(url: string, options: { ca: string | string[]; cert?: string; key?: string; headers?: Record<string, string> }): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca: options.ca, cert: options.cert, key: options.key, headers: options.headers, agent: false }, (res) => {
      if (!(res.socket instanceof TLSSocket)) return reject(new Error(`GET ${url}: the answer did not come over TLS`));
      const served = new X509Certificate(res.socket.getPeerCertificate().raw).fingerprint256;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, served }));
      res.on('error', reject);
    });
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error(`GET ${url} timed out`)));
  });
}
