/** The wall screen's playlists from the config (wall.playlists), as hello hands them to the page. */

/** The panels the wall can rotate through, in their default order (the URL's `playlist=` and the config's `panels`). */
export const WALL_PANELS = ['health', 'alerts', 'changes', 'cost', 'skew', 'events', 'hygiene'] as const;
export type WallPanel = (typeof WALL_PANELS)[number];

/** One playlist: what `/wall?playlist=NAME` shows; a parameter the URL gives itself wins. */
export interface WallPlaylist {
  panels?: string[];
  /** A label selector. */
  clusters?: string;
  /** Label selectors, shown in turn. */
  selections?: string[];
  intervalMs?: number;
  kiosk?: boolean;
  /** "22:00-06:00". */
  dim?: string;
  shiftMs?: number;
}

export interface WallSettings {
  playlists: Record<string, WallPlaylist>;
  /** The playlist shown when the URL names none; null: the URL's parameters alone. */
  defaultPlaylist: string | null;
}
