import type { ScanStorage } from './federate/scan-types';

/**
 * Buffers for scraped bodies, handed from one scrape to the next instead of
 * allocated for each: a new buffer of megabytes per scrape is what made V8
 * collect the whole heap about once a second (see decodeBody).
 *
 * A lease holds one buffer from `take` until `release`. A reader that may
 * still read the body after its scrape is replaced (a /federate response
 * streaming to a slow client) pins the lease; the buffer goes back to the pool
 * when released and unpinned. From then on the lease is `expired`: its bytes
 * may be another scrape's, and readers check that rather than read them.
 */
export interface BodyLease {
  readonly buffer: Buffer;
  /**
   * What else stays with this buffer from lease to lease: the arrays of the
   * scan of the body it holds, reused by the next scan of a body in it (see
   * ScanOptions.storage). Like the buffer, read only while not expired.
   */
  readonly extras: BufferExtras;
  readonly expired: boolean;
  /** Keeps the buffer out of the pool until the returned function is called (once). */
  pin(): () => void;
  /** Done with the buffer: it goes back to the pool once no pin holds it. Idempotent. */
  release(): void;
}

export interface BodyPool {
  /** A buffer of at least `minBytes`: a free one that is not much bigger, or a new one with room to grow. */
  take(minBytes: number): BodyLease;
  /** Bytes held in free buffers. */
  readonly freeBytes: number;
}

export interface BufferExtras {
  scan?: ScanStorage;
}

/** A buffer of the pool and what stays with it. */
interface Entry {
  readonly buffer: Buffer;
  readonly extras: BufferExtras;
}

const ROUND = 64 * 1024;

export interface BodyPoolOptions {
  /**
   * Free buffers kept at most; more are left to the garbage collector
   * (default 16). A scrape takes one when it starts, so the fleet-wide limit
   * on scrapes in flight is the number ever needed at once.
   */
  maxFree?: number;
}

export function createBodyPool(options: BodyPoolOptions = {}): BodyPool {
  const maxFree = options.maxFree ?? 16;
  const free: Entry[] = [];
  let freeBytes = 0;

  const giveBack = (entry: Entry) => {
    if (free.length >= maxFree) return;
    free.push(entry);
    freeBytes += entry.buffer.length;
  };

  const fitting = (minBytes: number): Entry | null => {
    // The smallest free buffer that holds minBytes, unless it is more than twice that (kept for a bigger body).
    let best = -1;
    for (let k = 0; k < free.length; k++) {
      const length = free[k]!.buffer.length;
      if (length >= minBytes && length <= 2 * minBytes + ROUND && (best === -1 || length < free[best]!.buffer.length)) best = k;
    }
    if (best === -1) return null;
    const [entry] = free.splice(best, 1);
    freeBytes -= entry!.buffer.length;
    return entry!;
  };

  return {
    take(minBytes) {
      // A new buffer has a tenth more room, so a body that grows a little keeps its buffer.
      const entry = fitting(minBytes) ?? { buffer: Buffer.allocUnsafeSlow(Math.ceil((minBytes * 1.1) / ROUND) * ROUND || ROUND), extras: {} };
      let pins = 0;
      let released = false;
      let expired = false;
      const settle = () => {
        if (!released || pins > 0 || expired) return;
        expired = true;
        giveBack(entry);
      };
      return {
        buffer: entry.buffer,
        extras: entry.extras,
        get expired() {
          return expired;
        },
        pin() {
          pins++;
          let done = false;
          return () => {
            if (done) return;
            done = true;
            pins--;
            settle();
          };
        },
        release() {
          released = true;
          settle();
        },
      };
    },
    get freeBytes() {
      return freeBytes;
    },
  };
}
