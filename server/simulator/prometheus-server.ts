import type http from 'node:http';
import type { ExpositionCache } from './exposition';
import { parseSelectors } from './metrics/selector';

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The Prometheus side of a simulated cluster on one port: every scrape
 * target's exposition (kube-state-metrics at /metrics), and /federate as the
 * cluster's Prometheus answers it.
 */
export function createPrometheusHandler(options: { cache: ExpositionCache; now(): number; clusterLabel?: string }): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { cache } = options;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname === '/-/healthy') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Prometheus Server is Healthy.\n');
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
      res.writeHead(200, { 'content-type': TEXT });
      res.end(match.length ? cache.federate(options.now(), match, options.clusterLabel) : '');
      return;
    }
    const text = cache.target(url.pathname, Object.fromEntries(url.searchParams), options.now());
    if (text === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
    } else if (text === '') {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('node is down\n');
    } else {
      res.writeHead(200, { 'content-type': TEXT }).end(text);
    }
  };
}
