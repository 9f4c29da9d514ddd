import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGetLines, type LinesEnd } from './get-lines';

let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/split') {
      // One line across three writes, CRLF endings, an empty line, a last line without its line break.
      res.writeHead(200).flushHeaders();
      res.write('{"a":');
      setTimeout(() => res.write('1}\r\n\r\n{"b"'), 20);
      setTimeout(() => res.end(':2}\n{"c":3}'), 40);
    } else if (req.url === '/long') res.writeHead(200).end(`${'x'.repeat(5000)}\n`);
    else if (req.url === '/refused') res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"nodes is forbidden"}');
    else if (req.url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end();
    else if (req.url === '/silent') return;
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

function read(path: string, options: { maxLineBytes?: number; headersTimeoutMs?: number } = {}): Promise<{ opened: boolean; lines: string[]; end: LinesEnd }> {
  return new Promise((resolve) => {
    let opened = false;
    const lines: string[] = [];
    httpGetLines({
      url: `${base}${path}`,
      what: `WATCH ${path}`,
      headersTimeoutMs: options.headersTimeoutMs ?? 2000,
      maxLineBytes: options.maxLineBytes ?? 1024,
      onOpen: () => (opened = true),
      onLine: (line, number) => lines.push(`${number}: ${line}`),
      onEnd: (end) => resolve({ opened, lines, end }),
    });
  });
}

describe('httpGetLines', () => {
  it('passes on every line as it arrives, numbered, whatever the chunks', async () => {
    expect(await read('/split')).toEqual({ opened: true, lines: ['1: {"a":1}', '3: {"b":2}', '4: {"c":3}'], end: { ok: true } });
  });

  it('stops a line past the limit: memory stays bounded', async () => {
    const { end, lines } = await read('/long');
    expect(lines).toEqual([]);
    expect(end).toEqual({ ok: false, status: 200, error: { kind: 'too_large', message: 'WATCH /long: line 1 longer than 1024 bytes' } });
  });

  it('gives a refusal its kind, status and the body in the message', async () => {
    expect((await read('/refused')).end).toEqual({
      ok: false,
      status: 403,
      error: { kind: 'forbidden', message: 'WATCH /refused: HTTP 403: {"message":"nodes is forbidden"}' },
    });
  });

  it('refuses a compressed stream it did not ask for', async () => {
    expect((await read('/gzip')).end).toMatchObject({ ok: false, error: { kind: 'bad_response' } });
  });

  it('times out a server that never answers', async () => {
    expect((await read('/silent', { headersTimeoutMs: 200 })).end).toEqual({
      ok: false,
      status: null,
      error: { kind: 'timeout', message: 'WATCH /silent: no answer within 200 ms' },
    });
  });
});
