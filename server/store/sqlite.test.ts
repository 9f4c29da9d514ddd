import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/helpers/log';
import { StoreUnavailableError } from './faults';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(): { store: Store; file: string; lines: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-sqlite-'));
  dirs.push(dir);
  const file = path.join(dir, 'data', 'fleetscope.db');
  const { logger, lines } = memoryLogger();
  const opened = openSqliteStore(file, { logger });
  if (!opened.ok) throw new Error(opened.fault.message);
  stores.push(opened.store);
  return { store: opened.store, file, lines };
}

const cost = (daily: number) => [{ cluster: 'a', day: '2026-11-21', daily, currency: 'USD' }];

describe('the SQLite store guards its file', () => {
  it('works, and keeps what it was given', async () => {
    const { store } = open();
    await store.recordDailyCosts(cost(1));
    expect(store.health()).toEqual({ ok: true });
    expect(await store.dailyCostHistory('2026-11-01')).toEqual(cost(1));
  });

  it('refuses every operation once its file is deleted, and logs that once with the path', async () => {
    const { store, file, lines } = open();
    rmSync(file);
    for (let i = 0; i < 3; i++) await expect(store.recordDailyCosts(cost(i))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.dailyCostHistory('2026-11-01')).rejects.toThrow('the store is not working (deleted)');
    expect(store.health()).toMatchObject({ ok: false, problem: 'deleted' });
    const logged = lines.filter((l) => l.includes('failing'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({ component: 'store', path: file, problem: 'deleted' });
  });

  it('refuses once its file is overwritten in place, which SQLite itself does not notice', async () => {
    const { store, file } = open();
    await store.recordDailyCosts(cost(1));
    writeFileSync(file, 'not a database any more');
    await expect(store.recordDailyCosts(cost(2))).rejects.toThrow('the store is not working (replaced)');
  });
});

describe('opening the store', () => {
  it('reports a file that is not a database as corrupt, without the path in the sentence', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-sqlite-'));
    dirs.push(dir);
    const file = path.join(dir, 'fleetscope.db');
    writeFileSync(file, 'x'.repeat(5000));
    const opened = openSqliteStore(file);
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.fault.problem).toBe('corrupt');
    expect(opened.fault.message).not.toContain(dir);
  });
});
