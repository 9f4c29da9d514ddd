import type { Sample } from '../fleet/series';

/** A sample as it is written: the federated sample and its timestamp (the scrape's time when the exposition had none). */
export interface QueuedSample {
  readonly sample: Sample;
  readonly timestampMs: number;
}

/** Samples dropped to make room: how many, and the oldest and newest of their timestamps. */
export interface QueueGap {
  readonly samples: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/** One scrape's samples in the queue; `start` is the first not yet taken. */
interface Chunk {
  readonly samples: readonly Sample[];
  readonly fallbackMs: number;
  start: number;
}

/**
 * The samples waiting for one remote-write destination, oldest first,
 * holding at most `capacity`: the federated samples themselves (shared with
 * the scrape, not copied), one chunk per scrape. When a push would exceed
 * the capacity, the oldest samples go and the push says which. Pure.
 */
export class SampleQueue {
  private readonly chunks: Chunk[] = [];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`queue capacity must be a positive whole number, not ${capacity}`);
  }

  /** Samples waiting. */
  get length(): number {
    return this.size;
  }

  /** Appends one scrape's samples; returns the gap it made (null when nothing was dropped). */
  push(samples: readonly Sample[], fallbackMs: number): QueueGap | null {
    if (samples.length === 0) return null;
    // A scrape larger than the whole queue keeps only its newest part.
    const start = Math.max(0, samples.length - this.capacity);
    let gap = start > 0 ? this.gapOf({ samples, fallbackMs, start: 0 }, start) : null;
    this.chunks.push({ samples, fallbackMs, start });
    this.size += samples.length - start;
    const over = this.size - this.capacity;
    if (over > 0) gap = merge(gap, this.dropOldest(over));
    return gap;
  }

  /** Removes and returns up to `max` of the oldest samples. */
  take(max: number): QueuedSample[] {
    const out: QueuedSample[] = [];
    while (out.length < max && this.head < this.chunks.length) {
      const chunk = this.chunks[this.head]!;
      const end = Math.min(chunk.samples.length, chunk.start + (max - out.length));
      for (let i = chunk.start; i < end; i++) out.push(queued(chunk, i));
      this.size -= end - chunk.start;
      chunk.start = end;
      if (chunk.start === chunk.samples.length) this.shift();
    }
    return out;
  }

  private dropOldest(count: number): QueueGap | null {
    let gap: QueueGap | null = null;
    let left = count;
    while (left > 0 && this.head < this.chunks.length) {
      const chunk = this.chunks[this.head]!;
      const n = Math.min(left, chunk.samples.length - chunk.start);
      gap = merge(gap, this.gapOf(chunk, chunk.start + n));
      chunk.start += n;
      this.size -= n;
      left -= n;
      if (chunk.start === chunk.samples.length) this.shift();
    }
    return gap;
  }

  private gapOf(chunk: Chunk, end: number): QueueGap {
    let fromMs = Infinity;
    let toMs = -Infinity;
    for (let i = chunk.start; i < end; i++) {
      const t = chunk.samples[i]!.timestampMs ?? chunk.fallbackMs;
      if (t < fromMs) fromMs = t;
      if (t > toMs) toMs = t;
    }
    return { samples: end - chunk.start, fromMs, toMs };
  }

  private shift(): void {
    this.head++;
    // Compacted now and then, so taking stays O(1) per sample and finished chunks are let go.
    if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks.splice(0, this.head);
      this.head = 0;
    }
  }
}

function queued(chunk: Chunk, i: number): QueuedSample {
  const sample = chunk.samples[i]!;
  return { sample, timestampMs: sample.timestampMs ?? chunk.fallbackMs };
}

function merge(a: QueueGap | null, b: QueueGap | null): QueueGap | null {
  if (!a || !b) return a ?? b;
  return { samples: a.samples + b.samples, fromMs: Math.min(a.fromMs, b.fromMs), toMs: Math.max(a.toMs, b.toMs) };
}
