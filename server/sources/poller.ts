import type { SourceError } from '../../shared/errors';
import type { SourceResult } from '../fleet/inputs';
import type { SourceWorker } from './types';

export interface PollerOptions<T> {
  cluster: string;
  intervalMs: number;
  /** Fraction of the interval used as random spread, so clusters do not scrape in lock-step. */
  jitter?: number;
  /** Performs one fetch; must not throw (programmer errors aside). */
  fetch: () => Promise<{ ok: true; data: T } | { ok: false; error: SourceError }>;
  report: (result: SourceResult<T>) => void;
  now?: () => number;
}

/** Calls `fetch` at start and then every interval after the previous one ended (never two at once), and reports each result. */
export function createPoller<T>(options: PollerOptions<T>): SourceWorker {
  const now = options.now ?? Date.now;
  const jitter = options.jitter ?? 0.1;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  async function attempt(): Promise<void> {
    const started = now();
    const outcome = await options.fetch();
    const at = now();
    const meta = { cluster: options.cluster, at, durationMs: at - started };
    options.report(outcome.ok ? { ...meta, ok: true, data: outcome.data } : { ...meta, ok: false, error: outcome.error });
  }

  /** The attempt under way, or a new one: a caller always waits for a whole attempt. */
  function runOnce(): Promise<void> {
    running ??= attempt().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    const spread = options.intervalMs * jitter;
    const delay = options.intervalMs - spread / 2 + Math.random() * spread;
    timer = setTimeout(() => {
      void runOnce().finally(schedule);
    }, delay);
    timer.unref?.();
  }

  return {
    cluster: options.cluster,
    runOnce,
    start() {
      if (!stopped) return running ?? Promise.resolve();
      stopped = false;
      const first = runOnce();
      void first.finally(schedule);
      return first;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
