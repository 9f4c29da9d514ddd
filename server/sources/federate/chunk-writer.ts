import type { TextSink } from '../../fleet/series';

const CHUNK = 256 * 1024;

/**
 * A TextSink that fills fixed-size chunks and hands each one out when full,
 * so a /federate response holds a few chunks, whatever its size.
 */
export class ChunkWriter implements TextSink {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  /** Chunks filled and not taken yet. */
  readonly full: Buffer[] = [];

  text(s: string): void {
    const need = Buffer.byteLength(s, 'utf8');
    if (this.used + need > this.buffer.length) this.rotate(need);
    this.used += this.buffer.write(s, this.used, 'utf8');
  }

  bytes(source: Buffer, start: number, end: number): void {
    const need = end - start;
    if (this.used + need > this.buffer.length) this.rotate(need);
    this.used += source.copy(this.buffer, this.used, start, end);
  }

  /** The chunk being filled, if it holds anything; the next write starts a new one. */
  flush(): Buffer | null {
    if (this.used === 0) return null;
    const out = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    return out;
  }

  private rotate(need: number): void {
    const out = this.flush();
    if (out) this.full.push(out);
    // A single line longer than a chunk gets a chunk of its own size.
    if (need > this.buffer.length) this.buffer = Buffer.allocUnsafe(need);
  }
}
