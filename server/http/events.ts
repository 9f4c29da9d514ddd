import { Router } from 'express';
import type { FleetEvent } from '../../shared/events';
import { parseDuration, DURATION_PATTERN } from '../config/duration';
import { eventBursts, type BurstSettings } from '../reports/event-bursts';
import { onlyMethods } from './errors';

export interface EventsRouteOptions {
  /** Every event in the fleet's rings (any order). */
  events: () => readonly FleetEvent[];
  now: () => number;
  bursts?: BurstSettings;
}

const MAX_LIMIT = 1000;
const FILTERS = ['cluster', 'namespace', 'type', 'reason', 'kind'] as const;

/** Newest first; ties by id so pages are stable. */
function newerFirst(a: FleetEvent, b: FleetEvent): number {
  return b.lastSeen - a.lastSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function encodeCursor(event: FleetEvent): string {
  return Buffer.from(JSON.stringify([event.lastSeen, event.id])).toString('base64url');
}

function decodeCursor(text: string): { lastSeen: number; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return { lastSeen: value[0], id: value[1] };
  } catch {
    // fall through
  }
  return null;
}

/** A query value as a list: `?cluster=a,b` or `?cluster=a&cluster=b`. */
function values(query: unknown): string[] {
  const list = Array.isArray(query) ? query : [query];
  return list
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * GET /api/events: the event feed with filters (cluster, namespace, type,
 * reason, kind of the involved object, q = text) and cursor paging, newest
 * first. GET /api/events/bursts: burst summaries over a window. See docs/api.md.
 */
export function createEventsRouter(options: EventsRouteOptions): Router {
  const router = Router();

  router.get('/', (req, res) => {
    const limitText = typeof req.query.limit === 'string' ? req.query.limit : '100';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      res.status(400).json({ error: `limit: must be a whole number from 1 to ${MAX_LIMIT} (got ${JSON.stringify(limitText)})` });
      return;
    }
    const cursorText = typeof req.query.cursor === 'string' ? req.query.cursor : '';
    const cursor = cursorText ? decodeCursor(cursorText) : null;
    if (cursorText && !cursor) {
      res.status(400).json({ error: 'cursor: not a cursor this API returned (take nextCursor from the previous page)' });
      return;
    }
    const wanted = Object.fromEntries(FILTERS.map((f) => [f, new Set(values(req.query[f]))]));
    const text = typeof req.query.q === 'string' ? req.query.q.toLowerCase() : '';
    const matches = (e: FleetEvent) =>
      (!wanted.cluster?.size || wanted.cluster.has(e.cluster)) &&
      (!wanted.namespace?.size || wanted.namespace.has(e.namespace)) &&
      (!wanted.type?.size || wanted.type.has(e.type)) &&
      (!wanted.reason?.size || wanted.reason.has(e.reason)) &&
      (!wanted.kind?.size || wanted.kind.has(e.involvedObject.kind)) &&
      (!text || e.message.toLowerCase().includes(text) || e.involvedObject.name.toLowerCase().includes(text) || e.reason.toLowerCase().includes(text));
    const filtered = options.events().filter(matches).sort(newerFirst);
    const after = cursor ? filtered.filter((e) => newerFirst(e, { ...e, lastSeen: cursor.lastSeen, id: cursor.id }) > 0) : filtered;
    const page = after.slice(0, limit);
    const last = page[page.length - 1];
    res.json({ total: filtered.length, events: page, nextCursor: after.length > limit && last ? encodeCursor(last) : null });
  });

  router.get('/bursts', (req, res) => {
    const defaults = options.bursts ?? { windowMs: 5 * 60_000, minCount: 10 };
    const windowText = typeof req.query.window === 'string' ? req.query.window : '';
    if (windowText && !DURATION_PATTERN.test(windowText)) {
      res.status(400).json({ error: `window: must be a duration like 5m or 1h (got ${JSON.stringify(windowText)})` });
      return;
    }
    const minText = typeof req.query.min === 'string' ? req.query.min : '';
    const min = minText ? Number(minText) : defaults.minCount;
    if (!Number.isInteger(min) || min < 1) {
      res.status(400).json({ error: `min: must be a whole number of at least 1 (got ${JSON.stringify(minText)})` });
      return;
    }
    const settings = { windowMs: windowText ? parseDuration(windowText) : defaults.windowMs, minCount: min };
    res.json({ windowMs: settings.windowMs, bursts: eventBursts(options.events(), options.now(), settings) });
  });

  router.all(['/', '/bursts'], onlyMethods('GET'));
  return router;
}
