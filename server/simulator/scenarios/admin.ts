import http from 'node:http';
import { Endpoint } from '../endpoint';
import { SCENARIOS } from './catalog';
import type { ScenarioRunner } from './runner';

const MAX_BODY = 64 * 1024;

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/**
 * The simulator's admin endpoint (loopback only): list, start and stop scenarios.
 *   GET    /scenarios       → { catalog: [{name, description, params}], running: [...] }
 *   POST   /scenarios       ← { scenario, cluster, params?, seed? } → 201 running | 400 { error }
 *   DELETE /scenarios/:id   → 204 | 404
 */
export async function startAdminServer(
  runner: ScenarioRunner,
  options: { host?: string; port?: number } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error(`the simulator admin endpoint listens on loopback only, not ${host}`);
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://admin').pathname.replace(/\/+$/, '');
    if (path === '/scenarios' && req.method === 'GET') {
      return json(res, 200, {
        catalog: [...SCENARIOS.values()].map(({ name, description, params }) => ({ name, description, params })),
        running: runner.list(),
      });
    }
    if (path === '/scenarios' && req.method === 'POST') {
      const text = await readBody(req);
      if (text === null) return json(res, 413, { error: `body larger than ${MAX_BODY} bytes` });
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return json(res, 400, { error: 'body is not JSON' });
      }
      if (!body || typeof body !== 'object') return json(res, 400, { error: 'body must be an object { scenario, cluster, params?, seed? }' });
      const scenario: unknown = Reflect.get(body, 'scenario');
      const cluster: unknown = Reflect.get(body, 'cluster');
      const params: unknown = Reflect.get(body, 'params') ?? {};
      const seed: unknown = Reflect.get(body, 'seed') ?? 1;
      if (typeof scenario !== 'string' || typeof cluster !== 'string') return json(res, 400, { error: 'scenario and cluster must be strings' });
      if (!params || typeof params !== 'object' || Array.isArray(params)) return json(res, 400, { error: 'params must be an object' });
      const cleanParams: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(params)) {
        if (typeof v !== 'string' && typeof v !== 'number') return json(res, 400, { error: `params.${k} must be a string or a number` });
        cleanParams[k] = v;
      }
      if (typeof seed !== 'number' || !Number.isInteger(seed)) return json(res, 400, { error: 'seed must be an integer' });
      const result = runner.start({ scenario, cluster, params: cleanParams, seed });
      return result.ok ? json(res, 201, result.running) : json(res, 400, { error: result.message });
    }
    const stop = /^\/scenarios\/([^/]+)$/.exec(path);
    if (stop && req.method === 'DELETE') {
      return (await runner.stop(decodeURIComponent(stop[1]!))) ? res.writeHead(204).end() : json(res, 404, { error: `no running scenario ${stop[1]}` });
    }
    json(res, 404, { error: 'GET /scenarios, POST /scenarios, DELETE /scenarios/:id' });
  });
  const endpoint = new Endpoint(server, host);
  await endpoint.listen(options.port ?? 0);
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${endpoint.port}`, close: () => endpoint.close() };
}
