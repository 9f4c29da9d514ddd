import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from './http-get';

/** 3 MB of exposition-like text, so a decoded body spans several of zlib's chunks unless a size hint says otherwise. */
const BODY = Buffer.from(Array.from({ length: 30_000 }, (_, i) => `metric_${i % 13}{pod="pod-${i}",namespace="ns-${i % 17}"} ${i * 1.5} 1700000000000\n`).join(''));

let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(BODY, { level: 1 }));
    else if (req.url === '/deflate') res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync(BODY, { level: 1 }));
    else if (req.url === '/plain') res.writeHead(200).end(BODY);
    else res.writeHead(404).end('no such page');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('httpGet decoding', () => {
  it.each([
    ['gzip', undefined],
    ['gzip', BODY.length],
    ['gzip', 1000],
    ['gzip', BODY.length * 3],
    ['deflate', BODY.length],
    ['plain', BODY.length],
  ])('%s with size hint %s gives the body byte for byte', async (path, sizeHint) => {
    const result = await httpGet({ url: `${base}/${path}`, timeoutMs: 5000, maxBytes: 64 * 1024 * 1024, sizeHint });
    expect(result.ok && result.body.equals(BODY)).toBe(true);
  });

  it('stops a compressed body that decodes past the limit, whatever the hint', async () => {
    for (const sizeHint of [undefined, BODY.length]) {
      const result = await httpGet({ url: `${base}/gzip`, timeoutMs: 5000, maxBytes: 1024 * 1024, sizeHint });
      expect(result.ok ? 'ok' : result.error.kind).toBe('too_large');
    }
  });
});
