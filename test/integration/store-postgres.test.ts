import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../server/store/faults';
import { openPostgresStore } from '../../server/store/postgres';
import { MIGRATIONS } from '../../server/store/postgres-migrations';
import type { Store } from '../../server/store/types';
import { memoryLogger } from '../helpers/log';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let server: TestPostgres;
const stores: Store[] = [];
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});
afterAll(() => server.stop());

async function open(options: { logger?: ReturnType<typeof memoryLogger>['logger'] } = {}): Promise<Store> {
  const opened = await openPostgresStore({ url: server.url, connectTimeoutMs: 1_000, statementTimeoutMs: 2_000, ...options });
  if (!opened.ok) throw new Error(opened.fault.message);
  stores.push(opened.store);
  return opened.store;
}

const cost = (daily: number) => [{ cluster: 'a', day: '2026-11-21', daily, currency: 'USD' }];

describe('the PostgreSQL store', () => {
  it('applies its migrations once when two replicas open it at the same time', async () => {
    await Promise.all([open(), open(), open()]);
    const client = new pg.Client(server.url);
    await client.connect();
    const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    expect(rows.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('refuses operations while PostgreSQL is down, says why, and works again once it is back, with what was written before', async () => {
    const { logger, lines } = memoryLogger();
    const store = await open({ logger });
    await store.recordDailyCosts(cost(1));
    await server.kill();
    const started = Date.now();
    await expect(store.recordDailyCosts(cost(2))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.dailyCostHistory('2026-11-01')).rejects.toThrow('the store is not working (unreachable)');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(store.health()).toMatchObject({ ok: false, problem: 'unreachable' });
    const logged = lines.filter((l) => l.includes('failing'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('127.0.0.1');
    await server.restart();
    // The probe reconnects on its own, without an operation.
    await expect.poll(() => store.health(), { timeout: 10_000, interval: 100 }).toEqual({ ok: true });
    expect(await store.dailyCostHistory('2026-11-01')).toEqual(cost(1));
    await store.recordDailyCosts(cost(3));
    expect(await store.dailyCostHistory('2026-11-01')).toEqual(cost(3));
  }, 30_000);

  it('does not open when PostgreSQL cannot be reached, and says so without the password', async () => {
    const url = new URL(server.url);
    url.password = 'secret-pw';
    url.port = '1';
    const opened = await openPostgresStore({ url: url.toString(), connectTimeoutMs: 1_000 });
    expect(opened).toMatchObject({ ok: false, fault: { problem: 'unreachable' } });
    expect(JSON.stringify(opened)).not.toContain('secret-pw');
  });
});
