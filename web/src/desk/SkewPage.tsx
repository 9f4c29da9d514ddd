import type { FleetView } from '../fleet-state';
import { Link } from '../router';
import { MATRIX_COLUMNS, skewMatrix } from './skew-model';

export function SkewPage({ view }: { view: FleetView }) {
  const skew = view.reports.skew;
  if (!skew) return <p className="muted">No version-skew report from the server yet.</p>;
  const rows = skewMatrix(skew);
  return (
    <section data-testid="skew-page">
      <h1>Version skew</h1>
      <p className="muted">
        Newest minor in the fleet: {skew.fleet.newestMinor ?? 'unknown'}. Cells with a finding are marked ▲ (warning) or ✖ (critical); the finding is written
        under the table.
      </p>
      <table className="grid-table matrix" data-testid="skew-matrix">
        <thead>
          <tr>
            <th>cluster</th>
            {MATRIX_COLUMNS.map((c) => (
              <th key={c}>{c}</th>
            ))}
            <th>end of life</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.cluster} data-cluster={r.cluster}>
              <th>
                <Link to={`/clusters/${encodeURIComponent(r.cluster)}`}>{r.cluster}</Link>
              </th>
              {MATRIX_COLUMNS.map((c) => {
                const cell = r.cells[c];
                return (
                  <td key={c} className={cell.severity ? `finding sev-${cell.severity}` : ''} data-severity={cell.severity ?? undefined}>
                    {cell.severity === 'critical' ? '✖ ' : cell.severity === 'warning' ? '▲ ' : ''}
                    {cell.text}
                  </td>
                );
              })}
              <td className={r.eol.state === 'past_eol' ? 'finding sev-critical' : r.eol.state === 'eol_soon' ? 'finding sev-warning' : ''}>{r.eol.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Findings</h2>
      <ul className="findings-list">
        {skew.clusters.flatMap((c) =>
          c.findings.map((f, i) => (
            <li key={`${c.cluster}-${i}`} className={`sev-${f.severity}`}>
              <strong>{c.cluster}</strong> {f.message} <span className="muted">— {f.policy}</span>
            </li>
          )),
        )}
      </ul>
      {skew.fleet.imageDrift.length > 0 && (
        <>
          <h2>Image drift</h2>
          <ul className="findings-list">
            {skew.fleet.imageDrift.map((d) => (
              <li key={`${d.namespace}/${d.workload}/${d.container}`}>
                <strong>
                  {d.namespace}/{d.workload}/{d.container}
                </strong>{' '}
                {d.images.map((i) => `${i.image} (${i.clusters.join(', ')})`).join(' vs ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
