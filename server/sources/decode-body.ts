import zlib from 'node:zlib';

/** What Node's zlib engines carry (lib/zlib.js; checked on Node 20 by decode-body.test.ts) that decodeBody writes into. */
interface ZlibEngineInternals {
  _outBuffer: Buffer;
  _outOffset: number;
  _chunkSize: number;
  _processChunk(chunk: Buffer, flushFlag: number): Buffer;
}

function internals(engine: zlib.Gunzip | zlib.Inflate): ZlibEngineInternals | null {
  const e = engine as unknown as Partial<ZlibEngineInternals>;
  return typeof e._processChunk === 'function' && Buffer.isBuffer(e._outBuffer) && e._outOffset === 0 && typeof e._chunkSize === 'number'
    ? (e as ZlibEngineInternals)
    : null;
}

export type BodyEncoding = 'gzip' | 'deflate';

/**
 * A gzip or deflate body decoded in one synchronous pass, at most `maxBytes`
 * long (past that, zlib's ERR_BUFFER_TOO_LARGE is thrown; a corrupt body
 * throws zlib's error).
 *
 * With `into`, the body is decoded into that buffer when it fits, and the
 * result is a view of it: no new memory per body. That matters because V8
 * counts each new buffer as external memory and starts full garbage
 * collections as that grows, whatever the heap holds: at 100 clusters of
 * 3 MB every 15 s, about one a second (docs/performance.md). Node's zlib has
 * no public way to name the output buffer, so the engine's own is swapped for
 * `into` before its one pass. Without those fields (another Node), or when
 * the body is longer than `into`, the result is a new buffer, still correct.
 */
export function decodeBody(encoding: BodyEncoding, input: Buffer, maxBytes: number, into?: Buffer): Buffer {
  if (into) {
    const options = { chunkSize: 64, maxOutputLength: maxBytes };
    const engine = encoding === 'gzip' ? zlib.createGunzip(options) : zlib.createInflate(options);
    const z = internals(engine);
    if (z) {
      z._outBuffer = into;
      z._chunkSize = into.length;
      return z._processChunk(input, zlib.constants.Z_FINISH);
    }
    engine.close();
  }
  // One output chunk of up to 1 MiB: zlib's default of 16 KiB costs several times the CPU on a body of megabytes.
  const options = { chunkSize: Math.max(64 * 1024, Math.min(1024 * 1024, maxBytes + 1)), maxOutputLength: maxBytes };
  return encoding === 'gzip' ? zlib.gunzipSync(input, options) : zlib.inflateSync(input, options);
}

/** True when decodeBody decodes into the given buffer on this Node (a test checks it, so a Node that drops those fields is noticed). */
export function decodesInPlace(): boolean {
  const engine = zlib.createGunzip();
  const ok = internals(engine) !== null;
  engine.close();
  return ok;
}
