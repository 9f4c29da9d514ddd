import type { BodyEncoding } from '../decode-body';

/** The encoding of a body from its Content-Encoding header; null: as it is (identity, or one this client does not ask for). */
export function bodyEncoding(contentEncoding: string | string[] | undefined): BodyEncoding | null {
  const value = String(contentEncoding ?? '').toLowerCase();
  return value === 'gzip' || value === 'x-gzip' ? 'gzip' : value === 'deflate' ? 'deflate' : null;
}

/** Concatenates chunks, into `into` when they fit (a view of it is returned), else into a new buffer. */
export function joinChunks(chunks: readonly Buffer[], size: number, into?: Buffer): Buffer {
  if (chunks.length === 1 && !into) return chunks[0]!;
  if (!into || size > into.length) return Buffer.concat(chunks, size);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(into, at);
  return into.subarray(0, size);
}

/**
 * Where a compressed body's chunks are joined just before it is decoded. The
 * join and the decode run in one synchronous step, so one buffer serves every
 * request in turn: no new buffer per scrape (see decodeBody). Bodies larger
 * than SCRATCH_MAX are joined into a buffer of their own.
 */
const SCRATCH_MAX = 16 * 1024 * 1024;
let scratch = Buffer.alloc(0);

/** A compressed body in one buffer, to decode at once: a scratch view is another body's after the next call. */
export function compressedInput(chunks: readonly Buffer[], size: number): Buffer {
  if (chunks.length === 1 || size > SCRATCH_MAX) return joinChunks(chunks, size);
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(size * 2, 256 * 1024)));
  return joinChunks(chunks, size, scratch);
}
