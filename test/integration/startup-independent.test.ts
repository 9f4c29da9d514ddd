import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startFleetscope, type Fleetscope } from '../../server/main';
import { memoryLogger, waitFor } from '../helpers/server';
import { startHttp } from './federation-helpers';

const SLOW_MS = 8000;
const BODY = 'up{job="prometheus",instance="localhost:9090"} 1\n';

/** When each server answered a scrape (epoch ms, at the end of the answer). */
const answered: Record<'fast' | 'slow', number[]> = { fast: [], slow: [] };
const servers: Array<{ close(): Promise<void> }> = [];
let app: Fleetscope | null = null;

afterAll(async () => {
  await app?.close();
  await Promise.all(servers.map((s) => s.close()));
});

describe('start-up: every cluster on its own cycle from the first moment', () => {
  it('scrapes a fast cluster again and again while a slow one has not answered its first; /readyz waits for the slow one', async () => {
    // Only /federate is counted: the tiles' sparkline also asks each Prometheus-only cluster's API (query_range).
    const fast = await startHttp((req, res) => {
      res.end(BODY);
      if (req.url?.startsWith('/federate')) answered.fast.push(Date.now());
    });
    const slow = await startHttp((req, res) => {
      setTimeout(() => {
        res.end(BODY);
        if (req.url?.startsWith('/federate')) answered.slow.push(Date.now());
      }, SLOW_MS);
    });
    servers.push(fast, slow);
    const config = validateConfig({
      clusters: [
        { name: 'slow', prometheus: { url: `${slow.url}/federate`, interval: '10s', timeout: '10s' } },
        { name: 'fast', prometheus: { url: `${fast.url}/federate`, interval: '1s', timeout: '1s' } },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const started = Date.now();
    app = await startFleetscope({ config: config.config, logger: memoryLogger().logger, host: '127.0.0.1', port: 0, storePath: ':memory:' });
    const url = app.url;

    await waitFor('the fast cluster scraped a second time', () => answered.fast.length >= 2, SLOW_MS);
    expect(answered.slow).toEqual([]);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    // The fast cluster's second scrape came about one interval after its first, not after the slow cluster's first.
    expect(answered.fast[1]! - started).toBeLessThan(SLOW_MS / 2);

    await app.firstRound;
    expect(answered.slow).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 100);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // Meanwhile the fast cluster kept to its 1 s interval.
    expect(answered.fast.length).toBeGreaterThanOrEqual(5);
  }, 30_000);
});
