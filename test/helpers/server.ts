import { startFleetscope, type Fleetscope, type StartOptions } from '../../server/main';
import { memoryLogger } from './log';

export { memoryLogger };

/** Scrape interval of the demo fleet in tests: short enough to see changes quickly, long enough for a loaded CI machine. */
export const TEST_SCRAPE_INTERVAL_MS = 2000;

/** Starts fleetscope on a free loopback port (the demo fleet unless a config is given). */
export async function startTestServer(options: Partial<StartOptions> = {}): Promise<Fleetscope & { logs: string[] }> {
  const { logger, lines } = memoryLogger();
  // Alert state in memory unless a test asks for a file: parallel tests must not share data/fleetscope.db.
  const app = await startFleetscope({ logger, host: '127.0.0.1', port: 0, demoInterval: `${TEST_SCRAPE_INTERVAL_MS}ms`, storePath: ':memory:', ...options });
  await app.firstRound;
  return Object.assign(app, { logs: lines });
}

/** Polls until `check` returns a value that is not undefined/false, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
