import { WALL_PANELS, type WallSettings } from '../../../shared/wall';

/**
 * The wall's URL parameters with a playlist of the config filled in:
 * `?playlist=NAME` (or, without one, the config's default playlist) stands
 * for the playlist's panels, clusters, selections, interval, kiosk, dimming
 * and shift; a parameter the URL gives itself wins. Before the server has
 * said which playlists there are (`wall` null), a name that is no panel is
 * left out rather than reported. Pure.
 */
export function withConfigPlaylist(search: string, wall: WallSettings | null): { search: string; problems: string[] } {
  const query = new URLSearchParams(search);
  const key = query.has('playlist') ? 'playlist' : query.has('panels') ? 'panels' : null;
  const named = key ? (query.get(key) ?? '').trim() : null;
  const isPanelList = named !== null && (named === '' || named.includes(',') || WALL_PANELS.some((p) => p === named));
  if (named !== null && isPanelList) return { search, problems: [] };
  const name = named ?? wall?.defaultPlaylist ?? null;
  if (name === null) return { search, problems: [] };
  const playlist = wall?.playlists[name];
  if (!playlist) {
    if (key) query.delete(key);
    const known = Object.keys(wall?.playlists ?? {});
    const problem = `unknown panel "${name}" (known: ${WALL_PANELS.join(', ')}) and no playlist of that name in the config (${known.length ? `known: ${known.join(', ')}` : 'it has none'}); showing every panel`;
    return { search: query.toString(), problems: wall === null ? [] : [problem] };
  }
  if (key) query.delete(key);
  const fill = (param: string, value: string | undefined, ...aliases: string[]) => {
    if (value !== undefined && ![param, ...aliases].some((p) => query.has(p))) query.set(param, value);
  };
  fill('playlist', playlist.panels?.join(','), 'panels');
  fill('clusters', playlist.clusters);
  fill('selections', playlist.selections?.join(';'));
  fill('interval', playlist.intervalMs === undefined ? undefined : `${playlist.intervalMs}ms`, 'rotate');
  fill('kiosk', playlist.kiosk === undefined ? undefined : playlist.kiosk ? '1' : '0');
  fill('dim', playlist.dim);
  fill('shift', playlist.shiftMs === undefined ? undefined : `${playlist.shiftMs}ms`);
  return { search: query.toString(), problems: [] };
}
