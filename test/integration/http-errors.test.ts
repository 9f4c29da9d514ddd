import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { ROOT } from '../helpers/command';
import { startTestServer } from '../helpers/server';
import { openTestStore } from '../helpers/store';
import { startHttp } from './federation-helpers';

/** What an error answer must never carry: a stack frame or a path of the server's files. */
function expectClean(text: string): void {
  expect(text).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
  expect(text).not.toContain(ROOT);
  expect(text).not.toContain(os.tmpdir());
}

describe('HTTP errors are JSON with error and detail on every route', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-errors-'));
    const file = path.join(dir, 'fleetscope.db');
    // A store whose outbox holds a row that does not read back (hand-edited, say): listing the outbox throws.
    await openTestStore(file).close();
    const db = new Database(file);
    const now = Date.now();
    db.prepare(
      "INSERT INTO outbox (id, receiver, status, next_attempt_at, created_at, finished_at, body) VALUES ('n1', 'hook', 'delivered', ?, ?, ?, '{not json')",
    ).run(now, now, now);
    db.close();
    federate = await startHttp((_req, res) => res.end('up 1\n'));
    const config = validateConfig({ clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }] });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath: file });
  });

  afterAll(async () => {
    await app?.close();
    await federate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = async (method: string, route: string, init: RequestInit = {}) => {
    const response = await fetch(`${app.url}${route}`, { method, ...init });
    const text = await response.text();
    expectClean(text);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as Record<string, unknown> };
  };
  const json = { 'content-type': 'application/json' };

  it('answers invalid JSON to a POST route with 400', async () => {
    for (const route of ['/api/alertmanager', '/api/silences']) {
      const { status, body } = await request('POST', route, { headers: json, body: '{"version": "4", "alerts": [' });
      expect(status).toBe(400);
      expect(body.error).toBe('the request body is not valid');
      expect(body.detail).toMatch(/JSON/);
    }
  });

  it('answers a body over the limit with 413, naming the limit', async () => {
    const { status, body } = await request('POST', '/api/silences', { headers: json, body: JSON.stringify({ comment: 'x'.repeat(6 * 1024 * 1024) }) });
    expect(status).toBe(413);
    expect(body).toEqual({ error: 'the request body is too large', detail: expect.stringMatching(/at most 5242880 bytes; this one has \d+ bytes/) });
  });

  it('answers an unsupported Content-Encoding with 415', async () => {
    const { status, body } = await request('POST', '/api/silences', { headers: { ...json, 'content-encoding': 'compress' }, body: '{}' });
    expect(status).toBe(415);
    expect(body.error).toBe('the request body has an unsupported Content-Encoding');
  });

  it('answers unknown paths with 404', async () => {
    expect(await request('GET', '/api/no-such-thing')).toMatchObject({
      status: 404,
      body: { error: 'no such API route', detail: 'no route answers GET /api/no-such-thing' },
    });
    expect(await request('POST', '/no-such-page')).toMatchObject({ status: 404, body: { error: 'not found', detail: 'no route answers POST /no-such-page' } });
  });

  it('answers another method on a known path with 405 and Allow', async () => {
    const alerts = await request('PUT', '/api/alerts');
    expect(alerts).toMatchObject({
      status: 405,
      body: { error: 'method not allowed', detail: 'PUT is not answered on this path; it takes GET, HEAD, OPTIONS' },
    });
    expect(alerts.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect((await request('DELETE', '/readyz')).status).toBe(405);
    expect((await request('GET', '/api/alertmanager')).headers.get('allow')).toBe('POST, OPTIONS');
    expect((await request('POST', '/api/clusters/edge')).status).toBe(405);
    // Prometheus API clients get Prometheus' envelope.
    expect(await request('DELETE', '/api/v1/query')).toMatchObject({
      status: 405,
      body: { status: 'error', errorType: 'bad_data', error: 'method not allowed' },
    });
  });

  it('answers a failure inside a route with 500, a generic sentence and a request id; the log has the rest', async () => {
    const { status, body } = await request('GET', '/api/notifications');
    expect(status).toBe(500);
    expect(body).toEqual({
      error: 'internal error: the request could not be answered',
      detail: `the server log has the details under request id ${String(body.requestId)}`,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const logged = app.logs.map((l) => JSON.parse(l) as { requestId?: string; msg: string; path?: string; err?: { message: string; stack: string } });
    const line = logged.find((l) => l.requestId === body.requestId);
    expect(line).toMatchObject({ msg: 'request failed', path: '/api/notifications', err: { message: expect.stringMatching(/JSON/) } });
    expect(line?.err?.stack).toMatch(/\n\s+at /);
  });

  it('keeps /federate answering a bad selector in text/plain, as Prometheus does', async () => {
    const response = await fetch(`${app.url}/federate?match[]=${encodeURIComponent('{job=')}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});
