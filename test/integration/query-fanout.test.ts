import type http from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { prometheusSource } from '../../server/config/schema/prometheus';
import { createPrometheusApiRouter } from '../../server/http/prometheus-api/router';
import { createQueryTarget } from '../../server/sources/federate/query-targets';
import { startTestServer, waitFor } from '../helpers/server';
import { freePort, startHttp } from './federation-helpers';

/**
 * /api/v1/query fanned out to cluster Prometheus servers that fail in the
 * ways a fleet does: the real client (prometheus-query, as the server builds
 * it) against fake servers on loopback.
 */
const VECTOR = JSON.stringify({
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'kube-state-metrics' }, value: [1800000000, '1'] }] },
});

describe('/api/v1/query fan-out: every failed cluster says what happened', () => {
  const closers: Array<() => Promise<void>> = [];
  let app: Awaited<ReturnType<typeof startTestServer>>;
  /** Requests the hanging Prometheus saw, by query: when they came and when their connection closed. */
  const hanging = new Map<string, { startedAt: number; closedAt: number | null }>();
  const urls: Record<string, string> = {};

  async function fakePrometheus(name: string, api: http.RequestListener): Promise<void> {
    const server = await startHttp((req, res) => {
      if (req.url?.startsWith('/federate')) return void res.end('');
      api(req, res);
    });
    closers.push(server.close);
    urls[name] = server.url;
  }

  beforeAll(async () => {
    await fakePrometheus('good', (_req, res) => res.setHeader('content-type', 'application/json').end(VECTOR));
    await fakePrometheus('hang', (req) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
      const seen = { startedAt: Date.now(), closedAt: null as number | null };
      hanging.set(query, seen);
      req.socket.on('close', () => (seen.closedAt = Date.now()));
    });
    await fakePrometheus('overloaded', (_req, res) =>
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'too many concurrent queries, try again later' })),
    );
    await fakePrometheus('proxy', (_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1>\n</body></html>'),
    );
    const cluster = (name: string, queryUrl: string, timeout = '1s') => ({
      name,
      prometheus: { url: `${urls[name] ?? urls.good}/federate`, queryUrl, interval: '60s', timeout },
    });
    const config = validateConfig({
      clusters: [
        cluster('good', urls.good!),
        cluster('down', `http://127.0.0.1:${await freePort()}`),
        cluster('hang', urls.hang!, '3s'),
        cluster('overloaded', urls.overloaded!),
        cluster('proxy', urls.proxy!),
        // HTTPS asked of a server that speaks plain HTTP.
        cluster('tls', urls.good!.replace('http://', 'https://')),
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
    closers.push(app.close);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("keeps the good cluster's data and names each failed cluster with its real error", async () => {
    const response = await fetch(`${app.url}/api/v1/query?query=up`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data).toEqual({
      resultType: 'vector',
      result: [{ metric: { __name__: 'up', job: 'kube-state-metrics', cluster: 'good' }, value: [1800000000, '1'] }],
    });
    const warnings = Object.fromEntries((body.warnings as string[]).map((w) => [/^cluster (\S+): /.exec(w)?.[1], w]));
    expect(Object.keys(warnings).sort()).toEqual(['down', 'hang', 'overloaded', 'proxy', 'tls']);
    expect(warnings.down).toMatch(/^cluster down: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query: .*(ECONNREFUSED|connection refused)/);
    expect(warnings.hang).toBe(`cluster hang: GET ${urls.hang}/api/v1/query: no answer within 3000 ms (the cluster's prometheus.timeout)`);
    expect(warnings.overloaded).toBe(
      `cluster overloaded: GET ${urls.overloaded}/api/v1/query: HTTP 503 unavailable: too many concurrent queries, try again later`,
    );
    expect(warnings.proxy).toBe(`cluster proxy: GET ${urls.proxy}/api/v1/query: HTTP 502: <html><body><h1>502 Bad Gateway</h1> </body></html>`);
    expect(warnings.tls).toMatch(/^cluster tls: GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/query: .*TLS/);
    expect(Object.values(warnings).join('\n')).not.toMatch(/unexpected client error/);
  });

  it("cancels the clusters' requests when the client goes away", async () => {
    const client = new AbortController();
    const request = fetch(`${app.url}/api/v1/query?query=abort_me`, { signal: client.signal }).catch(() => 'aborted');
    const seen = await waitFor('the query at the hanging Prometheus', () => hanging.get('abort_me'), 5000);
    await new Promise((r) => setTimeout(r, 200));
    const abortedAt = Date.now();
    client.abort();
    expect(await request).toBe('aborted');
    await waitFor('the hanging Prometheus to see its request closed', () => seen.closedAt !== null, 5000);
    // Its own deadline is 3 s away: the request closed because the client went.
    expect(seen.closedAt! - abortedAt).toBeLessThan(1000);
  });
});

describe('/api/v1/query fan-out limit', () => {
  it("answers 422 execution, as Prometheus past --query.max-samples, when the clusters' answers together exceed it", async () => {
    const prometheus = await startHttp((_req, res) => res.setHeader('content-type', 'application/json').end(VECTOR));
    const targets = ['a', 'b'].flatMap((cluster) => {
      const target = createQueryTarget({
        cluster,
        config: prometheusSource.parse({ queryUrl: prometheus.url, url: `${prometheus.url}/federate` }),
        clusterLabel: 'cluster',
      });
      return target ? [target] : [];
    });
    const app = express().use('/api/v1', createPrometheusApiRouter({ targets: () => targets, now: () => Date.now(), maxSamples: 1 }));
    const server = await startHttp(app);
    try {
      const response = await fetch(`${server.url}/api/v1/query?query=up`);
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        status: 'error',
        errorType: 'execution',
        error: "the clusters' answers hold more than 1 samples together (the fan-out's limit); narrow the query, its range or its step",
      });
    } finally {
      await server.close();
      await prometheus.close();
    }
  });
});
