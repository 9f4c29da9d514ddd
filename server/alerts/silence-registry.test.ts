import { describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/helpers/store';
import { createSilenceRegistry } from './silence-registry';

const at = (iso: string) => Date.parse(iso);
const matchers = [{ name: 'cluster', value: 'prod-eu', isRegex: false, isEqual: true }];

describe('silence registry', () => {
  it('creates, updates (an active silence not back-dated) and expires silences, and reads them back after a restart', async () => {
    const store = openTestStore(':memory:');
    let t = at('2026-11-21T10:00:00Z');
    let id = 0;
    const make = () => createSilenceRegistry({ store, now: () => t, newId: () => `s${++id}` });
    const registry = await make();

    const created = await registry.create({ matchers, endsAt: at('2026-11-21T12:00:00Z'), createdBy: 'me', comment: 'maintenance' });
    expect(registry.list()).toEqual([
      {
        id: 's1',
        matchers,
        startsAt: '2026-11-21T10:00:00.000Z',
        endsAt: '2026-11-21T12:00:00.000Z',
        createdBy: 'me',
        comment: 'maintenance',
        updatedAt: '2026-11-21T10:00:00.000Z',
        status: 'active',
      },
    ]);

    t = at('2026-11-21T11:00:00Z');
    await registry.create({
      id: created.id,
      matchers,
      startsAt: at('2026-11-21T09:00:00Z'),
      endsAt: at('2026-11-21T14:00:00Z'),
      createdBy: 'me',
      comment: 'longer',
    });
    expect(registry.list().map((s) => [s.id, s.startsAt, s.endsAt, s.comment])).toEqual([
      ['s1', '2026-11-21T10:00:00.000Z', '2026-11-21T14:00:00.000Z', 'longer'],
    ]);

    expect(await registry.expire('s1')).toBe(true);
    expect(await registry.expire('s1')).toBe(false);
    expect(await registry.expire('nope')).toBe(false);
    expect((await make()).list().map((s) => [s.id, s.status, s.endsAt])).toEqual([['s1', 'expired', '2026-11-21T11:00:00.000Z']]);
    await store.close();
  });

  it('forgets expired silences after five days', async () => {
    const store = openTestStore(':memory:');
    const t = at('2026-11-21T10:00:00Z');
    const registry = await createSilenceRegistry({ store, now: () => t, newId: () => 's1' });
    await registry.create({ matchers, endsAt: t + 60_000, createdBy: 'me', comment: 'short' });
    registry.prune(t + 60_000 + 5 * 86_400_000 - 1);
    expect(registry.all()).toHaveLength(1);
    registry.prune(t + 60_000 + 5 * 86_400_000);
    expect(registry.all()).toEqual([]);
    await store.close();
  });
});
