import type { FleetEvent } from '../../../shared/events';

// A type, not an interface: only a type alias has the implicit index signature that lets Object.entries see its values as strings.
export type EventFilters = {
  cluster: string;
  namespace: string;
  type: string;
  reason: string;
  q: string;
};

export const NO_FILTERS: EventFilters = { cluster: '', namespace: '', type: '', reason: '', q: '' };

/** The /api/events query for these filters (empty ones left out). */
export function eventsQuery(filters: EventFilters, limit = 200): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value.trim()) query.set(key, value.trim());
  query.set('limit', String(limit));
  return `/api/events?${query.toString()}`;
}

/** Filters as kept in the page URL (`/events?cluster=a&type=Warning`), so a filtered view can be shared. */
export function filtersFromSearch(search: string): EventFilters {
  const query = new URLSearchParams(search);
  return {
    cluster: query.get('cluster') ?? '',
    namespace: query.get('namespace') ?? '',
    type: query.get('type') ?? '',
    reason: query.get('reason') ?? '',
    q: query.get('q') ?? '',
  };
}

/** Whether an event passes the filters; the same rules as /api/events, for events that arrive live. */
export function eventMatches(e: FleetEvent, f: EventFilters): boolean {
  const q = f.q.trim().toLowerCase();
  return (
    (!f.cluster || e.cluster === f.cluster) &&
    (!f.namespace || e.namespace === f.namespace) &&
    (!f.type || e.type === f.type) &&
    (!f.reason || e.reason === f.reason) &&
    (!q || e.message.toLowerCase().includes(q) || e.involvedObject.name.toLowerCase().includes(q) || e.reason.toLowerCase().includes(q))
  );
}

/** Fetched events and live ones merged by id (newest version wins), newest first. */
export function mergeEventLists(fetched: readonly FleetEvent[], live: readonly FleetEvent[], filters: EventFilters): FleetEvent[] {
  const byId = new Map<string, FleetEvent>();
  for (const e of fetched) byId.set(e.id, e);
  for (const e of live) {
    if (!eventMatches(e, filters)) continue;
    const known = byId.get(e.id);
    if (!known || known.lastSeen <= e.lastSeen) byId.set(e.id, e);
  }
  return [...byId.values()].sort((a, b) => b.lastSeen - a.lastSeen || a.id.localeCompare(b.id));
}

export function isEventsPage(value: unknown): value is { total: number; events: FleetEvent[]; nextCursor: string | null } {
  return typeof value === 'object' && value !== null && 'events' in value && Array.isArray(value.events) && 'total' in value && typeof value.total === 'number';
}
