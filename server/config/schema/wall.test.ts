import { describe, expect, it } from 'vitest';
import { validateConfig } from '../load';

const base = { clusters: [{ name: 'a', prometheus: { url: 'http://p:9090/federate' } }] };

describe('the wall section', () => {
  it('reads playlists by name, durations in ms', () => {
    const result = validateConfig({
      ...base,
      wall: {
        playlists: { noc: { panels: ['alerts', 'changes'], selections: ['env=prod'], interval: '20s', kiosk: true, dim: '22:00-06:00' } },
        defaultPlaylist: 'noc',
      },
    });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.config.wall).toEqual({
      playlists: { noc: { panels: ['alerts', 'changes'], selections: ['env=prod'], interval: 20_000, kiosk: true, dim: '22:00-06:00' } },
      defaultPlaylist: 'noc',
    });
  });

  it('names the field of each problem', () => {
    const result = validateConfig({
      ...base,
      wall: { playlists: { noc: { clusters: 'env in (prod', interval: '1s', dim: '22:00', kiosk: 'yes' } }, defaultPlaylist: 'lobby' },
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((p) => p.startsWith('wall.playlists.noc.clusters:'))).toBe(true);
    expect(problems).toContain('wall.playlists.noc.interval: must be at least 3s');
    expect(problems).toContain('wall.playlists.noc.dim: must be a time range like 22:00-06:00');
    expect(problems).toContain('wall.playlists.noc.kiosk: must be true or false (got string)');
  });

  it('names a panel the wall does not have, so check-config finds it before a screen does', () => {
    const result = validateConfig({ ...base, wall: { playlists: { noc: { panels: ['alerts', 'weather'] } } } });
    expect(result.ok ? [] : result.problems).toEqual([
      'wall.playlists.noc.panels[1]: must be one of the panels health, alerts, changes, cost, skew, events, hygiene',
    ]);
  });

  it('names a default playlist that is not there', () => {
    const result = validateConfig({ ...base, wall: { playlists: { noc: {} }, defaultPlaylist: 'lobby' } });
    expect(result.ok ? [] : result.problems).toEqual(['wall.defaultPlaylist: no playlist "lobby" (known: noc)']);
  });
});
