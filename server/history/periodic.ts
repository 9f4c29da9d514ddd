/** A piece of work run every interval and on demand, one run at a time. */
export interface Periodic {
  /** Runs it now, or shares the run under way. */
  run(): Promise<void>;
  /** Runs it every `intervalMs` (the timer keeps no process alive). */
  start(intervalMs: number): void;
  /** Stops the timer and waits for the run under way. */
  stop(): Promise<void>;
}

export function periodic(work: () => Promise<void>): Periodic {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= work().finally(() => {
      running = null;
    });
    return running;
  };
  return {
    run,
    start(intervalMs) {
      timer ??= setInterval(() => void run(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
