import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/helpers/log';
import { openTestStore } from '../../test/helpers/store';
import { createSilenceRegistry } from './silence-registry';
import { silencedBy } from './silences';

const at = (iso: string) => Date.parse(iso);
const matchers = [{ name: 'cluster', value: 'prod-eu', isRegex: false, isEqual: true }];

describe('silence registry', () => {
  it('creates, updates (an active silence not back-dated) and expires silences, and reads them back after a restart', async () => {
    const store = openTestStore(':memory:');
    let t = at('2026-11-21T10:00:00Z');
    let id = 0;
    const make = () => createSilenceRegistry({ store, now: () => t, newId: () => `s${++id}`, logger: memoryLogger().logger });
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
    const registry = await createSilenceRegistry({ store, now: () => t, newId: () => 's1', logger: memoryLogger().logger });
    await registry.create({ matchers, endsAt: t + 60_000, createdBy: 'me', comment: 'short' });
    registry.prune(t + 60_000 + 5 * 86_400_000 - 1);
    expect(registry.all()).toHaveLength(1);
    registry.prune(t + 60_000 + 5 * 86_400_000);
    expect(registry.all()).toEqual([]);
    await store.close();
  });

  it('skips a stored silence whose regex RE2 refuses: logged with its id, listed with the problem, muting nothing', async () => {
    const store = openTestStore(':memory:');
    const t = at('2026-11-21T10:00:00Z');
    const base = { startsAt: t - 60_000, endsAt: t + 3_600_000, createdBy: 'me', comment: 'old', updatedAt: t - 60_000 };
    // Saved by a version that compiled regexes with JavaScript's engine, which has lookaheads.
    await store.saveSilence({ ...base, id: 'old-lookahead', matchers: [{ name: 'pod', value: '(?!canary).*', isRegex: true, isEqual: true }] });
    await store.saveSilence({ ...base, id: 'fine', matchers: [{ name: 'pod', value: '(?i)API-.*', isRegex: true, isEqual: true }] });
    const { logger, lines } = memoryLogger();
    const registry = await createSilenceRegistry({ store, now: () => t, newId: () => 'new', logger });

    expect(lines.join('\n')).toMatch(
      /stored silence old-lookahead is skipped .*matchers\[0\]: pod: not a valid regular expression \(RE2 syntax\): invalid or unsupported Perl syntax/,
    );
    const listed = Object.fromEntries(registry.list().map((s) => [s.id, s.problem ?? null]));
    expect(listed.fine).toBeNull();
    expect(listed['old-lookahead']).toMatch(/^matchers\[0\]: pod: not a valid regular expression \(RE2 syntax\): .*lookarounds and backreferences/);
    expect(silencedBy(registry.all(), { pod: 'api-1' }, t)).toEqual(['fine']);
    expect(silencedBy(registry.all(), { pod: 'web-1' }, t)).toEqual([]);

    // Replacing it with valid matchers makes it apply again.
    await registry.create({
      id: 'old-lookahead',
      matchers: [{ name: 'pod', value: 'web-.*', isRegex: true, isEqual: true }],
      endsAt: t + 60_000,
      createdBy: 'me',
      comment: 'fixed',
    });
    expect(registry.list().every((s) => s.problem === undefined)).toBe(true);
    expect(silencedBy(registry.all(), { pod: 'web-1' }, t)).toEqual(['old-lookahead']);
    await store.close();
  });
});
