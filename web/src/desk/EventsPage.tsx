import { useEffect, useMemo, useState } from 'react';
import type { FleetEvent } from '../../../shared/events';
import { fetchJson } from '../common/fetch-json';
import { useServerNow } from '../common/hooks';
import type { FleetView } from '../fleet-state';
import { navigate } from '../router';
import { eventsQuery, filtersFromSearch, isEventsPage, mergeEventLists, type EventFilters } from './events-model';
import { EventTable } from './EventTable';

export function EventsPage({ view, search }: { view: FleetView; search: string }) {
  const now = useServerNow(view.clockSkewMs);
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const [fetched, setFetched] = useState<{ events: FleetEvent[]; total: number; error: string | null; loading: boolean }>({
    events: [],
    total: 0,
    error: null,
    loading: true,
  });
  useEffect(() => {
    const abort = new AbortController();
    setFetched((f) => ({ ...f, loading: true }));
    void fetchJson(eventsQuery(filters), isEventsPage, abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      setFetched(
        r.ok ? { events: r.data.events, total: r.data.total, error: null, loading: false } : { events: [], total: 0, error: r.message, loading: false },
      );
    });
    return () => abort.abort();
  }, [filters]);
  const events = mergeEventLists(fetched.events, view.events, filters);
  const set = (key: keyof EventFilters, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/events${next.size ? `?${next.toString()}` : ''}`);
  };
  const namespaces = [...new Set([...fetched.events, ...view.events].map((e) => e.namespace))].sort();
  const reasons = [...new Set([...fetched.events, ...view.events].map((e) => e.reason))].sort();

  return (
    <section>
      <h1>Events</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          cluster
          <select value={filters.cluster} onChange={(e) => set('cluster', e.target.value)} name="cluster">
            <option value="">all</option>
            {view.clusters.map((c) => (
              <option key={c.health.cluster}>{c.health.cluster}</option>
            ))}
          </select>
        </label>
        <label>
          type
          <select value={filters.type} onChange={(e) => set('type', e.target.value)} name="type">
            <option value="">all</option>
            <option>Warning</option>
            <option>Normal</option>
          </select>
        </label>
        <label>
          namespace
          <select value={filters.namespace} onChange={(e) => set('namespace', e.target.value)} name="namespace">
            <option value="">all</option>
            {namespaces.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          reason
          <select value={filters.reason} onChange={(e) => set('reason', e.target.value)} name="reason">
            <option value="">all</option>
            {reasons.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          text
          <input
            defaultValue={filters.q}
            name="q"
            placeholder="message, object or reason"
            onKeyDown={(e) => e.key === 'Enter' && set('q', e.currentTarget.value)}
            onBlur={(e) => set('q', e.currentTarget.value)}
          />
        </label>
      </form>
      {fetched.error && <p className="banner">{fetched.error} — showing only events received live.</p>}
      <p className="muted">
        {fetched.loading ? 'loading…' : `${events.length} shown of ${Math.max(fetched.total, events.length)} matching; new events appear live`}
      </p>
      <EventTable events={events} now={now} />
    </section>
  );
}
