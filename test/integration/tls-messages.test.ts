import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetHealth } from '../../shared/health';
import { validateConfig } from '../../server/config/load';
import { startTestServer } from '../helpers/server';
import { startHttp } from './federation-helpers';

/**
 * Servers that do not speak what the config says: plain HTTP where https://
 * is configured, TLS where http:// is, a certificate from another CA, a
 * certificate for another name. Both sources, through their real clients;
 * what a user reads is the message in /api/clusters.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-tls-'));
const file = (name: string) => path.join(tmp, name);
const closers: Array<() => Promise<void>> = [];
let app: Awaited<ReturnType<typeof startTestServer>>;
let report: FleetHealth;
const at: Record<'plain' | 'foreign' | 'misnamed' | 'goTls', string> = { plain: '', foreign: '', misnamed: '', goTls: '' };

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

function ca(name: string): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`));
}

/** A server certificate signed by `by`, for `san` (e.g. IP:127.0.0.1). */
function serverCertificate(by: string, name: string, san: string): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
  writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    file(`${name}.csr`),
    '-CA',
    file(`${by}.crt`),
    '-CAkey',
    file(`${by}.key`),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    file(`${name}.ext`),
    '-out',
    file(`${name}.crt`),
  );
}

async function listen(server: net.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return `127.0.0.1:${address.port}`;
}

beforeAll(async () => {
  ca('our-ca');
  ca('other-ca');
  serverCertificate('our-ca', 'misnamed', 'DNS:example.test');
  serverCertificate('other-ca', 'foreign', 'IP:127.0.0.1');
  const plain = await startHttp((_req, res) => res.end('up 1\n'));
  closers.push(() => plain.close());
  at.plain = new URL(plain.url).host;
  const tlsServer = (name: string) =>
    https.createServer({ key: readFileSync(file(`${name}.key`)), cert: readFileSync(file(`${name}.crt`)) }, (_req, res) => res.end('up 1\n'));
  at.foreign = await listen(tlsServer('foreign'));
  at.misnamed = await listen(tlsServer('misnamed'));
  // What Go's TLS servers (Prometheus, kube-apiserver) answer to plain HTTP.
  at.goTls = await listen(
    net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n'))),
  );
  const prometheus = (name: string, url: string) => ({ name, prometheus: { url, tls: url.startsWith('https') ? { caFile: file('our-ca.crt') } : undefined } });
  const kubernetes = (name: string, server: string) => ({
    name,
    kubernetes: { server, caFile: file('our-ca.crt'), token: 'not-a-real-token', requestTimeout: '2s' },
  });
  const config = validateConfig({
    clusters: [
      prometheus('p-plain', `https://${at.plain}/federate`),
      prometheus('p-foreign', `https://${at.foreign}/federate`),
      prometheus('p-misnamed', `https://${at.misnamed}/federate`),
      prometheus('p-tls-port', `http://${at.foreign}/federate`),
      prometheus('p-go-tls-port', `http://${at.goTls}/federate`),
      kubernetes('k-plain', `https://${at.plain}`),
      kubernetes('k-foreign', `https://${at.foreign}`),
    ],
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  app = await startTestServer({ config: config.config });
  report = (await (await fetch(`${app.url}/api/clusters`)).json()) as FleetHealth;
});

afterAll(async () => {
  await app?.close();
  await Promise.all(closers.map((close) => close()));
  rmSync(tmp, { recursive: true, force: true });
});

function errorOf(cluster: string, source: 'prometheus' | 'kubernetes'): { kind: string; message: string } {
  const error = report.clusters.find((c) => c.cluster === cluster)?.[source].error;
  if (!error) throw new Error(`${cluster} has no ${source} error`);
  return error;
}

describe('TLS and plain HTTP mismatches, in words a user acts on', () => {
  it('https:// configured, plain HTTP served: says so instead of OpenSSL’s text', () => {
    for (const [cluster, source] of [
      ['p-plain', 'prometheus'],
      ['k-plain', 'kubernetes'],
    ] as const) {
      const error = errorOf(cluster, source);
      expect(error.kind).toBe('unreachable');
      expect(error.message).toContain(`TLS: the server at https://${at.plain} answered in plain HTTP (is it http://?)`);
      expect(error.message).not.toContain('ssl3_get_record');
    }
  });

  it('a certificate from another CA: says which setting trusts it, in each source’s own terms', () => {
    const prometheus = errorOf('p-foreign', 'prometheus');
    expect(prometheus.kind).toBe('unreachable');
    expect(prometheus.message).toMatch(
      new RegExp(
        `^GET https://${at.foreign}/federate\\?\\S*: TLS: the server's certificate is not signed by a CA fleetscope trusts \\(self-signed or another CA: set tls\\.caFile\\)$`,
      ),
    );
    const kube = errorOf('k-foreign', 'kubernetes');
    expect(kube.kind).toBe('unreachable');
    expect(kube.message).toMatch(
      /^(version|nodes|events): GET \/\S*: TLS: the server's certificate is not signed by a CA fleetscope trusts \(self-signed or another CA: set caFile, or the kubeconfig's certificate-authority\)$/,
    );
  });

  it('a certificate for another name: names the host and what the certificate names', () => {
    expect(errorOf('p-misnamed', 'prometheus').message).toContain("TLS: the server's certificate does not name 127.0.0.1 (it names DNS:example.test)");
  });

  it('http:// configured, TLS served: a Go server’s refusal says so; a server that hangs up gets the hint', () => {
    expect(errorOf('p-go-tls-port', 'prometheus')).toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining(`TLS: the server at http://${at.goTls} speaks HTTPS (is it https://?)`),
    });
    expect(errorOf('p-tls-port', 'prometheus')).toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining(`(closed without an answer: if the server at http://${at.foreign} speaks HTTPS, use https://)`),
    });
  });
});
