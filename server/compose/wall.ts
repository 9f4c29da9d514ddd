import type { WallPlaylist, WallSettings } from '../../shared/wall';
import type { WallConfig } from '../config/schema/wall';

/** The config's wall section as hello hands it to the page (durations in ms). */
export function wallSettings(config: WallConfig): WallSettings {
  const playlists: Record<string, WallPlaylist> = {};
  for (const [name, p] of Object.entries(config.playlists)) {
    const { interval, shift, ...rest } = p;
    playlists[name] = { ...rest, ...(interval !== undefined ? { intervalMs: interval } : {}), ...(shift !== undefined ? { shiftMs: shift } : {}) };
  }
  return { playlists, defaultPlaylist: config.defaultPlaylist ?? null };
}
