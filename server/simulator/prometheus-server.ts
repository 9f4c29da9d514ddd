import type http from 'node:http';
import zlib from 'node:zlib';
import type { ExpositionCache } from './exposition';
import { sendBody } from './faults';
import { parseSelectors } from './metrics/selector';
import { answerApi } from './prometheus-api/handler';

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The encoding Prometheus picks: the first of gzip or deflate the client
 * lists (asked "deflate, gzip", Prometheus 2.42 answered deflate).
 */
export function pickEncoding(acceptEncoding: string | undefined): 'gzip' | 'deflate' | null {
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) continue;
    if (token === 'gzip' || token === 'x-gzip') return 'gzip';
    if (token === 'deflate') return 'deflate';
  }
  return null;
}

/** Answers 200 with `text`, compressed when the client asks (in zlib's thread pool, at speed level 1); cut in half when `truncate`. */
function sendText(req: http.IncomingMessage, res: http.ServerResponse, text: string, truncate: boolean): void {
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (!encoding) {
    sendBody(res, 200, { 'content-type': TEXT }, text, truncate);
    return;
  }
  const compress = encoding === 'gzip' ? zlib.gzip : zlib.deflate;
  compress(text, { level: 1 }, (error, body) => {
    if (res.destroyed) return;
    if (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${error.message}\n`);
      return;
    }
    sendBody(res, 200, { 'content-type': TEXT, 'content-encoding': encoding }, body, truncate);
  });
}

/**
 * The Prometheus side of a simulated cluster on one port: every scrape
 * target's exposition (kube-state-metrics at /metrics), and /federate and
 * the HTTP API (/api/v1, prometheus-api/) as the cluster's Prometheus answers them.
 */
export function createPrometheusHandler(options: {
  cache: ExpositionCache;
  now(): number;
  clusterLabel?: string;
  /** True while answers must be cut off halfway (the `truncated` fault). */
  truncate?(): boolean;
}): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { cache } = options;
  const cut = () => options.truncate?.() ?? false;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname === '/-/healthy') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Prometheus Server is Healthy.\n');
      return;
    }
    if (url.pathname.startsWith('/api/v1/')) {
      void answerApi(req, res, url, { cache, now: () => options.now() });
      return;
    }
    if (url.pathname === '/federate') {
      // A real Prometheus needs match[]; without any it answers an empty 200.
      const match = url.searchParams.getAll('match[]');
      const parsed = parseSelectors(match);
      if (!parsed.ok) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`${parsed.message}\n`);
        return;
      }
      sendText(req, res, match.length ? cache.federate(options.now(), match, options.clusterLabel) : '', cut());
      return;
    }
    const text = cache.target(url.pathname, Object.fromEntries(url.searchParams), options.now());
    if (text === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
    } else if (text === '') {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('node is down\n');
    } else {
      sendText(req, res, text, cut());
    }
  };
}
