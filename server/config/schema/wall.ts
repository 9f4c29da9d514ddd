import { z } from 'zod';
import { parseLabelSelector } from '../../../shared/label-selector';
import { WALL_PANELS } from '../../../shared/wall';
import { duration } from './common';

const selector = z.string({ error: 'must be a label selector like env=prod' }).superRefine((text, ctx) => {
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

/** One wall playlist (wall.playlists.NAME), what `/wall?playlist=NAME` shows; the URL's own parameters still win. */
export const wallPlaylist = z.strictObject({
  /** Panels in turn: health, alerts, changes, cost, skew, events, hygiene (default all). */
  panels: z
    .array(z.enum(WALL_PANELS, { error: `must be one of the panels ${WALL_PANELS.join(', ')}` }))
    .min(1, 'must name at least one panel')
    .optional(),
  /** Only the clusters this label selector picks (`name` is the cluster's name). */
  clusters: selector.optional(),
  /** A playlist of cluster selections, each shown for `interval` in turn. */
  selections: z.array(selector).min(1, 'must list at least one selector').optional(),
  /** How long each panel and each selection stays (at least 3s). */
  interval: duration.refine((ms) => ms >= 3000, 'must be at least 3s').optional(),
  /** Kiosk mode: no cursor, nothing to select, no brand. */
  kiosk: z.boolean({ error: 'must be true or false' }).optional(),
  /** Night dimming by the screen's local time, e.g. "22:00-06:00". */
  dim: z
    .string()
    .refine((t) => {
      const [from, to, ...rest] = t.split('-');
      return rest.length === 0 && clock.test(from ?? '') && clock.test(to ?? '') && from !== to;
    }, 'must be a time range like 22:00-06:00')
    .optional(),
  /** Period of the burn-in shift of the layout (at least 3s). */
  shift: duration.refine((ms) => ms >= 3000, 'must be at least 3s').optional(),
});

/** The wall screen (docs/web.md): playlists by name. */
export const wallConfig = z
  .strictObject({
    playlists: z.record(z.string().regex(/^[a-z0-9][-a-z0-9_]*$/, 'playlist names must be lower-case letters, digits, "-" or "_"'), wallPlaylist).default({}),
    /** The playlist `/wall` shows when its URL names none. */
    defaultPlaylist: z.string().optional(),
  })
  .superRefine((wall, ctx) => {
    if (wall.defaultPlaylist !== undefined && !(wall.defaultPlaylist in wall.playlists))
      ctx.addIssue({
        code: 'custom',
        path: ['defaultPlaylist'],
        message: `no playlist "${wall.defaultPlaylist}" (known: ${Object.keys(wall.playlists).join(', ') || 'none'})`,
      });
  });
export type WallConfig = z.output<typeof wallConfig>;
