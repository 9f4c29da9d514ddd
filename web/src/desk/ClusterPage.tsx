import { useEffect, useState } from 'react';
import type { FleetEvent } from '../../../shared/events';
import type { SourceHealth } from '../../../shared/health';
import { fetchJson } from '../common/fetch-json';
import { formatAge, formatMoney, formatRelisting } from '../common/format';
import { useServerNow } from '../common/hooks';
import type { FleetView } from '../fleet-state';
import { Link } from '../router';
import { tileModel } from '../wall/tile-model';
import { eventsQuery, isEventsPage, mergeEventLists, NO_FILTERS } from './events-model';
import { ClusterTables } from './ClusterTables';
import { EventTable } from './EventTable';
import { skewMatrix, MATRIX_COLUMNS } from './skew-model';
import { StatusBadge } from './StatusBadge';
import { StatusHistory } from './StatusHistory';

function SourceLine({ label, source, now }: { label: string; source: SourceHealth; now: number }) {
  return (
    <li>
      <strong>{label}</strong>{' '}
      {source.error ? (
        <span className="sev-critical">
          failing for {formatAge(now - source.error.since)} ({source.error.kind}): {source.error.message}
        </span>
      ) : source.relisting ? (
        <span className="sev-warning">{formatRelisting(source.relisting, now)}</span>
      ) : source.lastSuccess ? (
        <span>ok, last fetched {formatAge(now - source.lastSuccess)} ago</span>
      ) : (
        <span className="muted">not configured or not fetched yet</span>
      )}
    </li>
  );
}

export function ClusterPage({ view, name }: { view: FleetView; name: string }) {
  const now = useServerNow(view.clockSkewMs);
  const cluster = view.clusters.find((c) => c.health.cluster === name);
  const [fetched, setFetched] = useState<{ events: FleetEvent[]; error: string | null }>({ events: [], error: null });
  useEffect(() => {
    const abort = new AbortController();
    void fetchJson(eventsQuery({ ...NO_FILTERS, cluster: name }, 50), isEventsPage, abort.signal).then((r) => {
      if (!abort.signal.aborted) setFetched(r.ok ? { events: r.data.events, error: null } : { events: [], error: r.message });
    });
    return () => abort.abort();
  }, [name]);

  if (!cluster) {
    return (
      <section>
        <h1>{name}</h1>
        <p>
          No cluster of that name in this fleet. <Link to="/">Back to the overview</Link>
        </p>
      </section>
    );
  }
  const tile = tileModel({ cluster, now, staleAfterMs: view.staleAfterMs });
  const { health } = cluster;
  const cost = view.reports.cost?.clusters.find((c) => c.cluster === name);
  const skew = view.reports.skew ? skewMatrix({ ...view.reports.skew, clusters: view.reports.skew.clusters.filter((c) => c.cluster === name) })[0] : undefined;
  const skewCluster = view.reports.skew?.clusters.find((c) => c.cluster === name);
  const events = mergeEventLists(fetched.events, view.events, { ...NO_FILTERS, cluster: name }).slice(0, 50);

  return (
    <section className="cluster-page" data-testid="cluster-page">
      <h1>
        {name} <StatusBadge status={tile.status} />
      </h1>
      <p className="muted">
        {Object.entries(health.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}{' '}
        · {tile.age ?? 'no data yet'}
      </p>
      {tile.reasons.length > 0 && (
        <ul className="reasons-list">
          {health.reasons.map((r) => (
            <li key={r.rule + r.message} className={`sev-${r.severity}`}>
              {r.message}
            </li>
          ))}
        </ul>
      )}

      <div className="cards">
        <article className="card">
          <h2>Sources</h2>
          <ul className="plain">
            <SourceLine label="Prometheus /federate" source={health.prometheus} now={now} />
            <SourceLine label="Kubernetes API" source={health.kubernetes} now={now} />
          </ul>
        </article>
        <article className="card">
          <h2>Nodes</h2>
          <p>{health.nodes ? `${health.nodes.ready} of ${health.nodes.total} Ready` : 'no node data'}</p>
          {skewCluster && (
            <ul className="plain">
              {Object.entries(skewCluster.nodes.osImage).map(([os, n]) => (
                <li key={os}>
                  {n} × {os}
                </li>
              ))}
            </ul>
          )}
          {(health.missing ?? []).length > 0 && (
            <p className="muted">Missing inputs: {(health.missing ?? []).map((m) => `${m.input} (${m.effect})`).join('; ')}</p>
          )}
        </article>
        <article className="card">
          <h2>Versions</h2>
          {skew ? (
            <table className="grid-table compact">
              <tbody>
                {MATRIX_COLUMNS.map((col) => (
                  <tr key={col} className={skew.cells[col].severity ? `sev-${skew.cells[col].severity}` : ''}>
                    <th>{col}</th>
                    <td>{skew.cells[col].text}</td>
                  </tr>
                ))}
                <tr>
                  <th>end of life</th>
                  <td>{skew.eol.text}</td>
                </tr>
              </tbody>
            </table>
          ) : (
            <p className="muted">Control plane {health.version ?? 'unknown'}; no version-skew report yet.</p>
          )}
          {skewCluster?.findings.map((f, i) => (
            <p key={i} className={`sev-${f.severity}`}>
              {f.message}
            </p>
          ))}
        </article>
        <article className="card">
          <h2>Cost by namespace</h2>
          {cost ? (
            <table className="grid-table compact">
              <thead>
                <tr>
                  <th>namespace</th>
                  <th>per month</th>
                  <th>efficiency</th>
                </tr>
              </thead>
              <tbody>
                {[...cost.namespaces]
                  .sort((a, b) => b.monthly - a.monthly)
                  .map((ns) => (
                    <tr key={ns.namespace}>
                      <td>{ns.namespace}</td>
                      <td>{formatMoney(ns.monthly, cost.currency)}</td>
                      <td>{ns.efficiency === null ? 'n/a' : `${Math.round(ns.efficiency * 100)} %`}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No cost report yet.</p>
          )}
        </article>
      </div>

      <StatusHistory name={name} now={now} />

      <ClusterTables name={name} />

      <h2>Recent events</h2>
      {fetched.error && <p className="banner">{fetched.error} — showing only events received live.</p>}
      <EventTable events={events} now={now} showCluster={false} />
    </section>
  );
}
