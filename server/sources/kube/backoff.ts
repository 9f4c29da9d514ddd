/** Exponential back-off with jitter: attempt 0 waits about `initialMs`, doubling up to `maxMs`; the wait is drawn from [d/2, d]. */
export function backoffDelay(attempt: number, options: { initialMs: number; maxMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
