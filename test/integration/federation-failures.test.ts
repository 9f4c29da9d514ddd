import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubernetesSource } from '../../server/config/schema/kubernetes';
import { DEFAULT_MATCH, prometheusSource } from '../../server/config/schema/prometheus';
import { kubeConfigForSource } from '../../server/sources/kube/kubeconfig';
import { createLimiter } from '../../server/sources/federate/limiter';
import { createFederateScraper, type FederateOutcome } from '../../server/sources/federate/scrape';
import { freePort, ksmExposition, startHttp } from './federation-helpers';

/** Real HTTP client (fleetscope's scraper) against fake Prometheus servers that misbehave in every way. */
const BODY = ksmExposition([{ name: 'n1', ready: true }]);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-fed-'));
const closers: Array<() => Promise<void>> = [];
let base = '';

function scraper(prometheus: Record<string, unknown>, limiter = createLimiter(4)) {
  return createFederateScraper({ cluster: 'c1', config: prometheusSource.parse(prometheus), clusterLabel: 'cluster', limiter });
}

function kind(outcome: FederateOutcome): string {
  return outcome.ok ? 'ok' : outcome.error.kind;
}

beforeAll(async () => {
  const server = await startHttp((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/ok/federate':
        res.end(BODY);
        return;
      case '/hang/federate':
        return; // never answers
      case '/401/federate':
      case '/403/federate':
      case '/404/federate':
        res.statusCode = Number(url.pathname.slice(1, 4));
        res.end('nope');
        return;
      case '/html/federate':
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end('<!DOCTYPE html><html><body><form>Sign in</form></body></html>');
        return;
      case '/garbage/federate':
        res.end('kube_node_info{node="n1"} 1\nthis is { not exposition\n');
        return;
      case '/endless/federate': {
        // Streams well-formed lines until the client hangs up.
        const chunk = Buffer.from('filler_metric{a="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"} 1\n'.repeat(1000));
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('close', () => undefined);
        pump();
        return;
      }
      case '/gzip/federate':
        res.setHeader('content-encoding', 'gzip');
        res.end(zlib.gzipSync(BODY));
        return;
      case '/deflate/federate':
        res.setHeader('content-encoding', 'deflate');
        res.end(zlib.deflateSync(BODY));
        return;
      case '/token/federate':
        if (req.headers.authorization === `Bearer ${readFileSync(path.join(tmp, 'accepted'), 'utf8')}`) res.end(BODY);
        else res.writeHead(401).end('bad token');
        return;
      case '/basic/federate':
        if (req.headers.authorization === `Basic ${Buffer.from('fleet:s3cret').toString('base64')}`) res.end(BODY);
        else res.writeHead(401).end();
        return;
      case '/api/v1/namespaces/monitoring/services/prometheus-k8s:web/proxy/federate':
        if (req.headers.authorization === 'Bearer kube-token' && url.searchParams.getAll('match[]').length === DEFAULT_MATCH.length) res.end(BODY);
        else res.writeHead(403).end('{"kind":"Status","message":"forbidden"}');
        return;
      default:
        res.statusCode = 500;
        res.end();
    }
  });
  closers.push(server.close);
  base = server.url;
});

afterAll(async () => {
  for (const close of closers) await close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('failure kinds', () => {
  it('reads a good body, plain, gzip and deflate, and labels it with the cluster', async () => {
    for (const p of ['ok', 'gzip', 'deflate']) {
      const outcome = await scraper({ url: `${base}/${p}/federate` })();
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(outcome.data.series.get('kube_node_info')?.[0]?.labels).toMatchObject({ node: 'n1', cluster: 'c1' });
      expect(outcome.data.samples).toBe(4);
    }
  });

  it.each([
    ['401', 'unauthorized'],
    ['403', 'forbidden'],
    ['404', 'not_found'],
    ['html', 'bad_response'],
    ['garbage', 'bad_response'],
  ])('%s → %s', async (p, expected) => {
    const outcome = await scraper({ url: `${base}/${p}/federate` })();
    expect(kind(outcome)).toBe(expected);
  });

  it('names the bad line of a malformed body', async () => {
    const outcome = await scraper({ url: `${base}/garbage/federate` })();
    expect(outcome.ok ? '' : outcome.error.message).toContain('line 2: value is not a number');
  });

  it('says an HTML page is not exposition', async () => {
    const outcome = await scraper({ url: `${base}/html/federate` })();
    expect(outcome.ok ? '' : outcome.error.message).toContain('answered an HTML page');
  });

  it('unreachable when nothing listens', async () => {
    const port = await freePort();
    expect(kind(await scraper({ url: `http://127.0.0.1:${port}/federate` })())).toBe('unreachable');
  });

  it('timeout when the server never answers, within the configured deadline', async () => {
    const started = Date.now();
    expect(kind(await scraper({ url: `${base}/hang/federate`, timeout: '500ms' })())).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('too_large stops reading an endless body at the limit', async () => {
    const started = Date.now();
    const outcome = await scraper({ url: `${base}/endless/federate`, maxBodySize: '1MiB' })();
    expect(kind(outcome)).toBe('too_large');
    expect(outcome.ok ? '' : outcome.error.message).toContain('larger than 1048576 bytes');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a hanging cluster does not delay another one', async () => {
    const limiter = createLimiter(4);
    const hanging = scraper({ url: `${base}/hang/federate`, timeout: '2s' }, limiter)();
    const started = Date.now();
    const good = await scraper({ url: `${base}/ok/federate` }, limiter)();
    expect(good.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(kind(await hanging)).toBe('timeout');
  });

  it('the fleet-wide limit queues scrapes beyond it', async () => {
    const limiter = createLimiter(1);
    const first = scraper({ url: `${base}/hang/federate`, timeout: '700ms' }, limiter)();
    const started = Date.now();
    const second = await scraper({ url: `${base}/ok/federate` }, limiter)();
    expect(second.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    await first;
  });
});

describe('authentication', () => {
  it('re-reads a bearer token file when it changes', async () => {
    const tokenFile = path.join(tmp, 'token');
    writeFileSync(path.join(tmp, 'accepted'), 'first');
    writeFileSync(tokenFile, 'first\n');
    const scrape = scraper({ url: `${base}/token/federate`, bearerTokenFile: tokenFile });
    expect(kind(await scrape())).toBe('ok');
    writeFileSync(path.join(tmp, 'accepted'), 'second');
    expect(kind(await scrape())).toBe('unauthorized');
    writeFileSync(tokenFile, 'second-token-longer\n');
    writeFileSync(path.join(tmp, 'accepted'), 'second-token-longer');
    expect(kind(await scrape())).toBe('ok');
  });

  it('unauthorized when the token file cannot be read', async () => {
    const outcome = await scraper({ url: `${base}/token/federate`, bearerTokenFile: path.join(tmp, 'missing') })();
    expect(kind(outcome)).toBe('unauthorized');
    expect(outcome.ok ? '' : outcome.error.message).toContain('ENOENT');
  });

  it('basic auth, from a password or a password file', async () => {
    expect(kind(await scraper({ url: `${base}/basic/federate`, basicAuth: { username: 'fleet', password: 's3cret' } })())).toBe('ok');
    writeFileSync(path.join(tmp, 'pw'), 's3cret\n');
    expect(kind(await scraper({ url: `${base}/basic/federate`, basicAuth: { username: 'fleet', passwordFile: path.join(tmp, 'pw') } })())).toBe('ok');
    expect(kind(await scraper({ url: `${base}/basic/federate`, basicAuth: { username: 'fleet', password: 'wrong' } })())).toBe('unauthorized');
  });

  it("through the API server service proxy with the cluster's Kubernetes credentials", async () => {
    const kube = kubeConfigForSource(kubernetesSource.parse({ server: base, token: 'kube-token' }));
    if (!kube.ok) throw new Error(kube.problem);
    const config = prometheusSource.parse({ service: { namespace: 'monitoring', name: 'prometheus-k8s', port: 'web' } });
    const outcome = await createFederateScraper({ cluster: 'c1', config, clusterLabel: 'cluster', kube: kube.value, limiter: createLimiter(1) })();
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.data.series.get('kube_node_status_condition')).toHaveLength(3);
    const wrong = kubeConfigForSource(kubernetesSource.parse({ server: base, token: 'other' }));
    if (!wrong.ok) throw new Error(wrong.problem);
    expect(kind(await createFederateScraper({ cluster: 'c1', config, clusterLabel: 'cluster', kube: wrong.value, limiter: createLimiter(1) })())).toBe(
      'forbidden',
    );
  });
});

describe('TLS', () => {
  let url = '';
  const file = (name: string) => path.join(tmp, name);
  beforeAll(async () => {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-ca', '-keyout', file('ca.key'), '-out', file('ca.crt'));
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', file('srv.key'), '-out', file('srv.csr'));
    writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl(
      'x509',
      '-req',
      '-in',
      file('srv.csr'),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      file('san.ext'),
      '-out',
      file('srv.crt'),
    );
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=fleetscope', '-keyout', file('client.key'), '-out', file('client.csr'));
    openssl(
      'x509',
      '-req',
      '-in',
      file('client.csr'),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      file('client.crt'),
    );
    const server = https.createServer(
      {
        key: readFileSync(file('srv.key')),
        cert: readFileSync(file('srv.crt')),
        ca: readFileSync(file('ca.crt')),
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => {
        if (!(req.socket instanceof TLSSocket && req.socket.authorized)) res.writeHead(401).end('client certificate required');
        else res.end(BODY);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    url = `https://127.0.0.1:${address.port}/federate`;
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  });

  it('verifies the server against the configured CA and presents a client certificate', async () => {
    expect(kind(await scraper({ url, tls: { caFile: file('ca.crt'), certFile: file('client.crt'), keyFile: file('client.key') } })())).toBe('ok');
    expect(kind(await scraper({ url, tls: { caFile: file('ca.crt') } })())).toBe('unauthorized');
  });

  it('refuses an unknown CA unless insecureSkipVerify', async () => {
    const refused = await scraper({ url })();
    expect(kind(refused)).toBe('unreachable');
    expect(refused.ok ? '' : refused.error.message).toContain('TLS');
    expect(kind(await scraper({ url, tls: { insecureSkipVerify: true, certFile: file('client.crt'), keyFile: file('client.key') } })())).toBe('ok');
  });
});
