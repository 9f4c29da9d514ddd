import http from 'node:http';

/** One request a fake chat platform received. */
export interface Received {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The status the fake answered with (0 while held open). */
  answered: number;
  at: number;
}

/**
 * How the fake answers: `ok` like the platform (Slack 200 "ok", Teams 202,
 * Discord 204, others 200), `down` 503, `throttle` 429 with Retry-After,
 * `hang` holds the request open (a delivery in flight), `gone` 404 (a deleted webhook).
 */
export type Mode = 'ok' | 'down' | 'throttle' | 'hang' | 'gone';

/** A local HTTP server playing Slack, Teams, Discord, Google Chat and a generic webhook; it records every request. */
export async function startChatServer() {
  const received: Received[] = [];
  const held = new Set<http.ServerResponse>();
  let mode: Mode = 'ok';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      const entry: Received = { path: url.pathname, query: url.searchParams, headers: req.headers, body, answered: 0, at: Date.now() };
      received.push(entry);
      if (mode === 'hang') {
        held.add(res);
        return;
      }
      if (mode === 'down') return void res.writeHead((entry.answered = 503), { 'content-type': 'text/plain' }).end('unavailable');
      if (mode === 'gone') return void res.writeHead((entry.answered = 404), { 'content-type': 'text/plain' }).end('no_service');
      if (mode === 'throttle')
        return void res.writeHead((entry.answered = 429), { 'retry-after': '1', 'content-type': 'application/json' }).end('{"retry_after":1}');
      if (url.pathname.includes('slack')) return void res.writeHead((entry.answered = 200), { 'content-type': 'text/plain' }).end('ok');
      if (url.pathname.includes('teams')) return void res.writeHead((entry.answered = 202)).end();
      if (url.pathname.includes('discord')) return void res.writeHead((entry.answered = 204)).end();
      res.writeHead((entry.answered = 200), { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setMode(next: Mode) {
      mode = next;
    },
    /** Requests the fake accepted (answered 2xx). */
    accepted: () => received.filter((r) => r.answered >= 200 && r.answered < 300),
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The simulator's config with a scrape timeout short enough for a 1 s interval. */
export function withTimeout(clusters: unknown[], timeout: string): unknown[] {
  return clusters.map((c) =>
    c && typeof c === 'object' && 'prometheus' in c && c.prometheus && typeof c.prometheus === 'object'
      ? { ...c, prometheus: { ...c.prometheus, timeout } }
      : c,
  );
}

/**
 * A fleet config for delivery tests: the clusters, a store, one webhook
 * receiver; ClusterUnreachable at once and the other rules off; quick
 * grouping and retries, and retries without end (a test decides when the
 * receiver answers).
 */
export function deliveryTestConfig(options: { clusters: unknown[]; store: unknown; hook: string }) {
  return {
    clusters: options.clusters,
    store: options.store,
    alerts: {
      evaluationInterval: '200ms',
      rules: {
        KubernetesReleaseEOL: { enabled: false },
        KubernetesReleaseNearEOL: { enabled: false },
        KubeletVersionSkew: { enabled: false },
        ClusterUnreachable: { for: '0s' },
        PrometheusStale: { enabled: false },
        ForwardClusterAlerts: { enabled: false },
      },
      route: { receiver: 'hook', group_by: ['alertname', 'cluster'], group_wait: '500ms', group_interval: '1s', repeat_interval: '1h' },
      receivers: [{ name: 'hook', type: 'webhook', url: options.hook }],
      delivery: { initialBackoff: '200ms', maxBackoff: '500ms', maxAttempts: 1000, timeout: '30s' },
    },
  };
}
