import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/helpers/log';
import type { ClusterFacts } from '../reports/changes';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { createChangeHistory, decodeFacts, encodeFacts } from './change-history';

const DAY = 86_400_000;
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function storeAt(file: string): Store {
  const opened = openSqliteStore(file);
  if (!opened.ok) throw new Error(opened.fault.message);
  stores.push(opened.store);
  return opened.store;
}

const look = (cluster: string, apiServer: string[], images: Record<string, string[]> = {}): ClusterFacts => ({
  cluster,
  apiServer,
  images: new Map(Object.entries(images)),
});

describe('the version and image changes, kept in the store', () => {
  it('takes the first look as the baseline, keeps what changed after it across a look that knew nothing, and after a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-changes-'));
    dirs.push(dir);
    const file = path.join(dir, 'fleetscope.db');
    let clock = 10 * DAY;
    const options = (store: Store) => ({
      store,
      retentionMs: 7 * DAY,
      writes: () => true,
      readsBack: () => false,
      logger: memoryLogger().logger,
      now: () => clock,
    });

    const first = await createChangeHistory(options(storeAt(file)));
    expect(first.observe([look('dev', ['v1.31.0'], { 'a/b/c': ['b:1'] })], clock)).toEqual([]);
    expect(first.observe([look('dev', [], {})], clock + 1000)).toEqual([]);
    const seen = first.observe([look('dev', ['v1.32.0'], { 'a/b/c': ['b:2'] })], clock + 2000);
    expect(seen.map((c) => [c.kind, c.at, c.text])).toEqual([
      ['image', clock + 2000, 'a/b (c): new image 2 (was 1)'],
      ['version', clock + 2000, 'kube-apiserver v1.31.0 → v1.32.0'],
    ]);
    await first.close();
    await stores.pop()?.close();

    // Restarted: the changes are still there, and an upgrade made while it was down is a change at the first look.
    clock += 60_000;
    const second = await createChangeHistory(options(storeAt(file)));
    const after = second.observe([look('dev', ['v1.33.1'], { 'a/b/c': ['b:2'] })], clock);
    expect(after.map((c) => c.text)).toEqual(['a/b (c): new image 2 (was 1)', 'kube-apiserver v1.31.0 → v1.32.0', 'kube-apiserver v1.32.0 → v1.33.1']);
    await second.close();
    await stores.pop()?.close();

    // Past the retention, a change is gone from memory and from the store.
    clock += 8 * DAY;
    const third = await createChangeHistory(options(storeAt(file)));
    expect(third.observe([look('dev', ['v1.33.1'], { 'a/b/c': ['b:2'] })], clock)).toEqual([]);
    await third.close();
  });

  it('looks only at the clusters this replica writes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-changes-'));
    dirs.push(dir);
    const store = storeAt(path.join(dir, 'fleetscope.db'));
    const history = await createChangeHistory({
      store,
      retentionMs: DAY,
      writes: (cluster) => cluster === 'mine',
      readsBack: () => false,
      logger: memoryLogger().logger,
      now: () => 1000,
    });
    history.observe([look('mine', ['v1.31.0']), look('theirs', ['v1.31.0'])], 1000);
    const seen = history.observe([look('mine', ['v1.32.0']), look('theirs', ['v1.32.0'])], 2000);
    expect(seen.map((c) => c.cluster)).toEqual(['mine']);
    await history.close();
    expect((await store.loadClusterFacts()).map((r) => r.cluster)).toEqual(['mine']);
  });

  it('reads back a look it wrote, and none from a body that is not one', () => {
    const facts = look('dev', ['v1.31.0'], { 'x/y/z': ['i:2', 'i:1'], 'a/b/c': ['b:1'] });
    expect(decodeFacts('dev', encodeFacts(facts))).toEqual(facts);
    expect(decodeFacts('dev', 'not json')).toBeNull();
    expect(decodeFacts('dev', '{"apiServer":[1],"images":[]}')).toBeNull();
  });
});
