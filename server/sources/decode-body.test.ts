import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody, decodesInPlace } from './decode-body';

const BODY = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `up{instance="host-${i}:9100"} ${i % 2}\n`).join(''));
const MAX = 64 * 1024 * 1024;

describe('decodeBody', () => {
  it('decodes in place on this Node (so a scrape allocates no body buffer)', () => {
    expect(decodesInPlace()).toBe(true);
  });

  it.each([
    ['gzip', zlib.gzipSync(BODY)],
    ['deflate', zlib.deflateSync(BODY)],
  ] as const)('%s: into a buffer that fits, as a view of it; into one too small or none, as a new buffer', (encoding, input) => {
    const into = Buffer.alloc(BODY.length + 1);
    const inPlace = decodeBody(encoding, input, MAX, into);
    expect(inPlace.equals(BODY)).toBe(true);
    expect(inPlace.buffer).toBe(into.buffer);
    for (const small of [Buffer.alloc(100), undefined]) {
      const out = decodeBody(encoding, input, MAX, small);
      expect(out.equals(BODY)).toBe(true);
      expect(out.buffer).not.toBe(small?.buffer);
    }
  });

  it('the same buffer serves body after body', () => {
    const into = Buffer.alloc(BODY.length * 2);
    const other = Buffer.from(BODY.toString().replaceAll('host', 'node'));
    expect(decodeBody('gzip', zlib.gzipSync(BODY), MAX, into).equals(BODY)).toBe(true);
    expect(decodeBody('gzip', zlib.gzipSync(other), MAX, into).equals(other)).toBe(true);
  });

  it("throws ERR_BUFFER_TOO_LARGE past maxBytes, and zlib's error on a truncated body", () => {
    for (const into of [undefined, Buffer.alloc(BODY.length)]) {
      expect(() => decodeBody('gzip', zlib.gzipSync(BODY), 10_000, into)).toThrow(expect.objectContaining({ code: 'ERR_BUFFER_TOO_LARGE' }));
      expect(() => decodeBody('gzip', zlib.gzipSync(BODY).subarray(0, 2000), MAX, into)).toThrow(/unexpected end of file/);
    }
  });
});
