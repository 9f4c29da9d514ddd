import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from './get';

/** 3 MB of exposition-like text: more than one of zlib's output chunks. */
const BODY = Buffer.from(
  Array.from({ length: 30_000 }, (_, i) => `metric_${i % 13}{pod="pod-${i}",namespace="ns-${i % 17}"} ${i * 1.5} 1700000000000\n`).join(''),
);

const OTHER = Buffer.from(BODY.toString().replaceAll('pod-', 'node-'));

let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(BODY, { level: 1 }));
    else if (req.url === '/deflate') res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync(BODY, { level: 1 }));
    else if (req.url === '/plain') res.writeHead(200).end(BODY);
    else if (req.url === '/gzip-other') res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(OTHER, { level: 1 }));
    else if (req.url === '/corrupt') res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(BODY).subarray(0, 5000));
    else res.writeHead(404).end('no such page');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('httpGet decoding', () => {
  it.each(['gzip', 'deflate', 'plain'])('%s gives the body byte for byte, without and with a buffer to decode into', async (path) => {
    const plain = await httpGet({ url: `${base}/${path}`, timeoutMs: 5000, maxBytes: 64 * 1024 * 1024 });
    expect(plain.ok && plain.body.equals(BODY)).toBe(true);
    const into = Buffer.alloc(BODY.length + 100);
    const result = await httpGet({ url: `${base}/${path}`, timeoutMs: 5000, maxBytes: 64 * 1024 * 1024, into });
    expect(result.ok && result.body.equals(BODY)).toBe(true);
    // Decoded in place: the body is a view of the given buffer.
    expect(result.ok && result.body.buffer === into.buffer && result.body.byteOffset === into.byteOffset).toBe(true);
  });

  it('reads compressed bodies of several chunks in turn, each whole (the join buffer serves them one after another)', async () => {
    for (const [path, expected] of [
      ['gzip', BODY],
      ['gzip-other', OTHER],
      ['gzip', BODY],
    ] as const) {
      const result = await httpGet({ url: `${base}/${path}`, timeoutMs: 5000, maxBytes: 64 * 1024 * 1024 });
      expect(result.ok && result.body.equals(expected)).toBe(true);
    }
  });

  it('decodes into a new buffer when the given one is too small', async () => {
    for (const path of ['gzip', 'plain']) {
      const into = Buffer.alloc(1000);
      const result = await httpGet({ url: `${base}/${path}`, timeoutMs: 5000, maxBytes: 64 * 1024 * 1024, into });
      expect(result.ok && result.body.equals(BODY)).toBe(true);
      expect(result.ok && result.body.buffer === into.buffer).toBe(false);
    }
  });

  it('stops a compressed body that decodes past the limit, with or without a buffer', async () => {
    for (const into of [undefined, Buffer.alloc(BODY.length)]) {
      const result = await httpGet({ url: `${base}/gzip`, timeoutMs: 5000, maxBytes: 1024 * 1024, into });
      expect(result.ok ? 'ok' : result.error.kind).toBe('too_large');
      expect(result.ok ? '' : result.error.message).toContain('larger than 1048576 bytes');
    }
  });

  it('says a corrupt compressed body cannot be decoded', async () => {
    const result = await httpGet({ url: `${base}/corrupt`, timeoutMs: 5000, maxBytes: 1024 * 1024 });
    expect(result.ok ? 'ok' : result.error.kind).toBe('bad_response');
    expect(result.ok ? '' : result.error.message).toContain('cannot decode gzip');
  });
});
