import { useServerNow } from '../common/hooks';
import type { FleetView } from '../fleet-state';
import { Link } from '../router';
import { overviewRows } from './overview-model';
import { StatusBadge } from './StatusBadge';

export function OverviewPage({ view }: { view: FleetView }) {
  const now = useServerNow(view.clockSkewMs);
  const rows = overviewRows(view.clusters, now, view.staleAfterMs, view.reports.cost, view.reports.skew);
  return (
    <section>
      <h1>Fleet overview</h1>
      <table className="grid-table" data-testid="overview">
        <thead>
          <tr>
            <th>cluster</th>
            <th>status</th>
            <th>labels</th>
            <th>nodes ready</th>
            <th>version</th>
            <th>data</th>
            <th>cost / month</th>
            <th>skew findings</th>
            <th>reasons</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} data-cluster={r.name}>
              <td>
                <Link to={`/clusters/${encodeURIComponent(r.name)}`}>{r.name}</Link>
              </td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td className="muted">{r.labels}</td>
              <td>{r.nodes}</td>
              <td>{r.version}</td>
              <td className="muted">{r.age}</td>
              <td>{r.monthly ?? '—'}</td>
              <td>{r.findings ?? '—'}</td>
              <td>{r.reasons.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
