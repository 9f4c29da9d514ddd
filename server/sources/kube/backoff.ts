import { HEALTHY_WATCH_MS } from '../../fleet/watches';

export interface BackoffOptions {
  /** The first wait's base. */
  initialMs: number;
  /** The base stops doubling here. */
  maxMs: number;
  /** When no wait was asked for this long, the next one starts over from `initialMs`. */
  resetAfterMs: number;
  random?: () => number;
  now?: () => number;
}

/**
 * The back-off of client-go's reflector: 0.8 s, doubling up to 30 s, each
 * wait stretched by a random part of itself (jitter 1.0: from the base to
 * twice the base, so clusters that failed together do not retry in step),
 * and forgotten after two minutes without a wait: a watch that ran that long
 * counts as healthy. At its top this is one try every 30 to 60 s.
 */
export const REFLECTOR_BACKOFF = { initialMs: 800, maxMs: 30_000, resetAfterMs: HEALTHY_WATCH_MS } as const;

/** Waits of one retry loop. Unlike a count of attempts, only time resets it: a success that fails again at once keeps doubling. */
export interface Backoff {
  /** The wait before the next try (see REFLECTOR_BACKOFF). */
  next(): number;
}

export function createBackoff(options: BackoffOptions): Backoff {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  let base = options.initialMs;
  let lastAsked = -Infinity;
  return {
    next() {
      const at = now();
      if (at - lastAsked > options.resetAfterMs) base = options.initialMs;
      lastAsked = at;
      const wait = base + random() * base;
      base = Math.min(options.maxMs, base * 2);
      return wait;
    },
  };
}
