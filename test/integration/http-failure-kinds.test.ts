import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceError } from '../../shared/errors';
import { kubernetesSource } from '../../server/config/schema/kubernetes';
import { prometheusSource } from '../../server/config/schema/prometheus';
import { createLimiter } from '../../server/sources/federate/limiter';
import { createFederateScraper } from '../../server/sources/federate/scrape';
import { createInformer } from '../../server/sources/kube/informer';
import { kubeConfigForSource, type ClusterKubeConfig } from '../../server/sources/kube/kubeconfig';
import { kubeGet } from '../../server/sources/kube/request';
import { startHttp } from './federation-helpers';

/**
 * One misbehaving server, met by both sources through their real clients: the
 * federation scraper, the API server GET (lists, /version, discovery) and the
 * informer's watch (read through the same HTTP client). The first path segment says how the
 * server fails; each must give the same error kind on every path.
 */
const CASES = [
  ['504', 'timeout'],
  ['408', 'timeout'],
  ['413', 'too_large'],
  ['401', 'unauthorized'],
  ['403', 'forbidden'],
  ['404', 'not_found'],
  ['500', 'bad_response'],
  ['hang', 'timeout'],
  ['reset', 'unreachable'],
] as const;

const DEADLINE_MS = 500;
let server: Awaited<ReturnType<typeof startHttp>>;
let kube: ClusterKubeConfig;

beforeAll(async () => {
  server = await startHttp((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const how = url.pathname.split('/')[1] ?? '';
    if (how === 'hang') return;
    if (how === 'reset') return req.socket.destroy();
    if (how === 'gzip' && String(req.headers['accept-encoding']).includes('gzip')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      return res.end(zlib.gzipSync(JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.2' })));
    }
    // A list answers (so the informer gets to its watch); the watch, like every other request, fails.
    if (url.pathname.endsWith('/api/v1/nodes') && url.searchParams.get('watch') !== 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [] }));
    }
    const status = Number(how);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `the server says ${status}`, code: status }));
  });
  const loaded = kubeConfigForSource(kubernetesSource.parse({ server: server.url, token: 'kube-token' }));
  if (!loaded.ok) throw new Error(loaded.problem);
  kube = loaded.value;
});

afterAll(() => server.close());

async function throughScraper(how: string): Promise<SourceError | null> {
  const config = prometheusSource.parse({ url: `${server.url}/${how}/federate`, match: ['up'], timeout: `${DEADLINE_MS}ms` });
  const outcome = await createFederateScraper({ cluster: 'c1', config, clusterLabel: 'cluster', limiter: createLimiter(1) })();
  return outcome.ok ? null : outcome.error;
}

async function throughKubeGet(how: string): Promise<SourceError | null> {
  const answer = await kubeGet(kube.kc, `/${how}/version`, { timeoutMs: DEADLINE_MS, maxBytes: 1 << 20 });
  return answer.ok ? null : answer.error;
}

/** The first failure the informer reports: its list succeeds, so it is the watch's. */
function throughWatch(how: string): Promise<SourceError> {
  return new Promise((resolve) => {
    const informer = createInformer({
      kc: kube.kc,
      path: `/${how}/api/v1/nodes`,
      requestTimeoutMs: DEADLINE_MS,
      idleTimeoutMs: DEADLINE_MS,
      onList: () => undefined,
      onChange: () => undefined,
      onStatus: (status) => {
        if (status.ok) return;
        informer.stop();
        resolve(status.error);
      },
    });
    informer.start();
  });
}

describe('one server, the same error kind through every source', () => {
  it.each(CASES)('%s → %s from the scraper, the API server GET and the watch', async (how, kind) => {
    const [scraped, got, watched] = await Promise.all([throughScraper(how), throughKubeGet(how), throughWatch(how)]);
    expect(scraped?.kind).toBe(kind);
    expect(got?.kind).toBe(kind);
    expect(watched.kind).toBe(kind);
  });

  it('names the status; the scraper adds the body, the API server GET and the watch its Status message', async () => {
    expect((await throughScraper('504'))?.message).toBe(
      `GET ${server.url}/504/federate?match%5B%5D=up: HTTP 504: {"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server says 504","code":504}`,
    );
    expect((await throughKubeGet('413'))?.message).toBe('GET /413/version: HTTP 413: the server says 413');
    expect((await throughWatch('403')).message).toBe('WATCH /403/api/v1/nodes: HTTP 403: the server says 403');
  });

  it('names the deadline when the server never answers', async () => {
    expect((await throughScraper('hang'))?.message).toContain(`no complete answer within ${DEADLINE_MS} ms`);
    expect((await throughKubeGet('hang'))?.message).toBe(`GET /hang/version: no complete answer within ${DEADLINE_MS} ms`);
  });

  it('reads a gzip answer of the API server (it compresses large answers for a client that asks)', async () => {
    const answer = await kubeGet(kube.kc, '/gzip/version', { timeoutMs: DEADLINE_MS, maxBytes: 1 << 20 });
    expect(answer).toEqual({ ok: true, body: { major: '1', minor: '31', gitVersion: 'v1.31.2' } });
  });
});
