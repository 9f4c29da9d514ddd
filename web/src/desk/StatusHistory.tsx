import { useEffect, useState } from 'react';
import { fetchJson } from '../common/fetch-json';
import { formatAge, formatClock } from '../common/format';
import { statusStrip } from '../wall/tile-model';
import { HISTORY_PERIODS, historyRows, isHistoryAnswer, type HistoryTransition } from './status-history-model';
import { StatusBadge } from './StatusBadge';

type Period = (typeof HISTORY_PERIODS)[number];

/** A cluster's status over the last 24 h or 7 days: a strip and a table of its transitions, from the persisted history; refreshed every minute. */
export function StatusHistory({ name, now }: { name: string; now: number }) {
  const [period, setPeriod] = useState<Period>(HISTORY_PERIODS[0]);
  const [fetched, setFetched] = useState<{ transitions: HistoryTransition[]; from: number; error: string | null } | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    const load = () => {
      const from = Date.now() - period.ms;
      void fetchJson(`/api/clusters/${encodeURIComponent(name)}/history?from=${Math.floor(from / 1000)}`, isHistoryAnswer, abort.signal).then((r) => {
        if (!abort.signal.aborted)
          setFetched(r.ok ? { transitions: r.data.transitions, from: r.data.from, error: null } : { transitions: [], from, error: r.message });
      });
    };
    load();
    const timer = setInterval(load, 60_000);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [name, period]);

  const transitions = fetched?.transitions ?? [];
  const strip = statusStrip(
    transitions.map((t) => ({ at: t.at, status: t.to })),
    now,
    period.ms,
  );
  const rows = fetched ? historyRows(transitions, now, fetched.from) : [];
  return (
    <section className="status-history" data-testid="status-history">
      <h2>
        Status history{' '}
        {HISTORY_PERIODS.map((p) => (
          <button key={p.key} type="button" className="period" aria-pressed={p.key === period.key} onClick={() => setPeriod(p)}>
            {p.label}
          </button>
        ))}
      </h2>
      {fetched?.error && <p className="banner">{fetched.error}</p>}
      <div className="history-strip" data-testid="history-strip" aria-label={`status over the ${period.label}`}>
        {strip.map((s, i) => (
          <span key={i} className={`strip-${s.status}`} data-segment={s.status} style={{ flexGrow: s.share }} />
        ))}
      </div>
      {fetched && rows.length === 0 ? (
        <p className="muted">No change of status in the {period.label}.</p>
      ) : (
        <table data-testid="history-table">
          <thead>
            <tr>
              <th>since</th>
              <th>status</th>
              <th>from</th>
              <th>held</th>
              <th>reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.at}>
                <td>
                  {new Date(r.at).toLocaleDateString()} {formatClock(r.at)}
                </td>
                <td>
                  <StatusBadge status={r.to} />
                </td>
                <td>{r.from ?? '—'}</td>
                <td>{r.current ? `${formatAge(r.heldMs)} (now)` : formatAge(r.heldMs)}</td>
                <td>{r.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
