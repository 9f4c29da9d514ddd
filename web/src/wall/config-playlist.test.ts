import { describe, expect, it } from 'vitest';
import { withConfigPlaylist } from './config-playlist';
import { parseWallParams } from './wall-params';

import type { WallSettings } from '../../../shared/wall';

const wall: WallSettings = {
  playlists: {
    noc: { panels: ['alerts', 'changes'], selections: ['env=prod', 'env!=prod'], intervalMs: 20_000, kiosk: true, dim: '22:00-06:00', shiftMs: 60_000 },
  },
  defaultPlaylist: null,
};
const paramsOf = (search: string, settings: WallSettings | null = wall) => {
  const resolved = withConfigPlaylist(search, settings);
  return { ...parseWallParams(resolved.search), problems: [...resolved.problems, ...parseWallParams(resolved.search).problems] };
};

describe('a wall playlist from the config', () => {
  it('is what ?playlist=NAME shows: its panels, selections, interval, kiosk, dimming and shift', () => {
    expect(paramsOf('?playlist=noc')).toMatchObject({
      panels: ['alerts', 'changes'],
      selections: [{ text: 'env=prod' }, { text: 'env!=prod' }],
      rotateMs: 20_000,
      kiosk: true,
      dim: { from: 22 * 60, to: 6 * 60 },
      shiftMs: 60_000,
      problems: [],
    });
  });

  it('leaves a parameter the URL gives itself as the URL says', () => {
    expect(paramsOf('?playlist=noc&interval=45s&kiosk=0')).toMatchObject({ panels: ['alerts', 'changes'], rotateMs: 45_000, kiosk: false });
  });

  it('is the default playlist when the URL names none, and a list of panels stays a list of panels', () => {
    expect(paramsOf('', { ...wall, defaultPlaylist: 'noc' }).panels).toEqual(['alerts', 'changes']);
    expect(paramsOf('?playlist=cost,skew', { ...wall, defaultPlaylist: 'noc' }).panels).toEqual(['cost', 'skew']);
    expect(paramsOf('?playlist=health').panels).toEqual(['health']);
  });

  it('names a playlist the config does not have, but not before the server has said which it has', () => {
    expect(paramsOf('?playlist=lobby').problems).toEqual([
      'unknown panel "lobby" (known: health, alerts, changes, cost, skew, events, hygiene) and no playlist of that name in the config (known: noc); showing every panel',
    ]);
    expect(paramsOf('?playlist=noc', null)).toMatchObject({ problems: [], kiosk: false });
  });
});
