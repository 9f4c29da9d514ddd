const WINDOW_MS = 60_000;
/** Addresses remembered at most; past that the one that failed longest ago is forgotten. */
const MAX_ADDRESSES = 10_000;

/**
 * Failed authentications per client address over the last minute. An
 * address with `perMinute` failures in that minute is refused (429) until the
 * oldest of them is a minute old: guessing a token or a password gets
 * `perMinute` tries a minute, while a person who mistyped waits seconds.
 */
export interface FailureLimiter {
  /** Seconds until the address may try again; 0 when it may now. */
  retryAfter(address: string): number;
  /** Counts one failure; true when it is the one that makes the address wait. */
  fail(address: string): boolean;
  /** Failures of the address in the last minute. */
  failures(address: string): number;
}

export function createFailureLimiter(options: { perMinute: number; now: () => number }): FailureLimiter {
  const { perMinute, now } = options;
  const failed = new Map<string, number[]>();

  const recent = (address: string, at: number): number[] => {
    const times = (failed.get(address) ?? []).filter((t) => at - t < WINDOW_MS);
    if (times.length) failed.set(address, times);
    else failed.delete(address);
    return times;
  };

  return {
    retryAfter(address) {
      const at = now();
      const times = recent(address, at);
      if (times.length < perMinute) return 0;
      const oldest = times[times.length - perMinute] ?? at;
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - at) / 1000));
    },
    fail(address) {
      const at = now();
      const times = [...recent(address, at), at].slice(-perMinute);
      // Re-inserted, so the bound forgets the address that failed longest ago.
      failed.delete(address);
      failed.set(address, times);
      if (failed.size > MAX_ADDRESSES) failed.delete(failed.keys().next().value ?? '');
      return times.length === perMinute;
    },
    failures: (address) => recent(address, now()).length,
  };
}
