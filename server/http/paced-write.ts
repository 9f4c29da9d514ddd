import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';

/**
 * How long a response's work runs before the event loop is given back: a
 * request that renders a whole fleet (seconds of CPU for a million series)
 * must not keep /healthz, the websocket or the scrapes waiting. A turn of the
 * event loop between slices costs microseconds.
 */
export const SLICE_MS = 5;

/** Resolves when `target` can take more, or has closed; leaves no listener behind. */
export async function drained(target: Writable): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(target, 'drain', { signal: done.signal }), once(target, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}

/**
 * Gives the event loop back when a slice of work has run since the last
 * time: call it between small steps of a long computation.
 */
export function createPacer(): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await setImmediate();
    sliceStart = performance.now();
  };
}

/**
 * Writes a response made in steps (each step: the pieces it made, often
 * none) to `target`: waits while the client is behind, gives the event loop
 * back once a slice of work is done, and stops, ending the steps' generator,
 * as soon as `closed()` says the client has gone.
 */
export async function writePaced(steps: Iterable<readonly (Buffer | string)[]>, target: Writable, closed: () => boolean): Promise<void> {
  let pace = createPacer();
  for (const pieces of steps) {
    for (const piece of pieces) {
      if (closed()) return;
      if (!target.write(piece)) {
        await drained(target);
        pace = createPacer();
      }
    }
    if (closed()) return;
    await pace();
  }
}
