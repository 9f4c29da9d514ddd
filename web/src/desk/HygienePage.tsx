import { useEffect, useState } from 'react';
import { HYGIENE_CHECK_LABELS, HYGIENE_CHECKS, type FleetHygiene } from '../../../shared/reports/hygiene';
import { fetchJson } from '../common/fetch-json';
import { Link } from '../router';
import { HYGIENE_DOWNLOADS, HYGIENE_URL, hygieneError, hygieneFindings, hygieneMatrix, isFleetHygiene, overlapRows, statusMark } from './hygiene-model';

/** How often the page reads the report again while open. */
const REFRESH_MS = 30_000;

function useHygiene(): { report: FleetHygiene | null; error: string | null } {
  const [state, setState] = useState<{ report: FleetHygiene | null; error: string | null }>({ report: null, error: null });
  useEffect(() => {
    const abort = new AbortController();
    const load = () =>
      void fetchJson(HYGIENE_URL, isFleetHygiene, abort.signal).then((r) => {
        if (!abort.signal.aborted) setState(r.ok ? { report: r.data, error: null } : { report: null, error: hygieneError(r) });
      });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearInterval(timer);
      abort.abort();
    };
  }, []);
  return state;
}

/** Fleet hygiene: per cluster each companion check, the findings, the CIDR overlaps, and the CSV and Markdown downloads. */
export function HygienePage() {
  const { report, error } = useHygiene();
  if (error)
    return (
      <section data-testid="hygiene-page">
        <h1>Hygiene</h1>
        <p className="banner" role="alert" data-testid="hygiene-error">
          {error}
        </p>
      </section>
    );
  if (!report) return <p className="muted">Reading the hygiene report…</p>;
  const rows = hygieneMatrix(report);
  const findings = hygieneFindings(report);
  const overlaps = overlapRows(report);
  return (
    <section data-testid="hygiene-page">
      <h1>Hygiene</h1>
      <p className="muted">
        The companions beside every cluster. ✖ critical, ▲ warning, ✓ nothing wrong, ? not seen: its metrics are not federated, so nothing is known (the cell
        says what to add). Download:{' '}
        {HYGIENE_DOWNLOADS.map((d, i) => (
          <span key={d.format}>
            {i > 0 && ' · '}
            <a href={d.href} download>
              {d.format}
            </a>
          </span>
        ))}
      </p>
      <table className="grid-table matrix" data-testid="hygiene-matrix">
        <thead>
          <tr>
            <th>cluster</th>
            {HYGIENE_CHECKS.map((c) => (
              <th key={c}>{HYGIENE_CHECK_LABELS[c]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.cluster} data-cluster={r.cluster}>
              <th>
                <Link to={`/clusters/${encodeURIComponent(r.cluster)}`}>{r.cluster}</Link>
              </th>
              {HYGIENE_CHECKS.map((c) => {
                const cell = r.cells[c];
                const severity = cell.status === 'critical' || cell.status === 'warning' ? cell.status : cell.status === 'missing' ? 'info' : null;
                return (
                  <td key={c} className={severity ? `finding sev-${severity}` : ''} data-status={cell.status} title={cell.hint ?? undefined}>
                    {statusMark(cell.status)} {cell.text}
                    {cell.hint && <div className="muted hint">{cell.hint}</div>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Findings</h2>
      {findings.length === 0 ? (
        <p className="muted">No findings on the checks whose inputs are seen.</p>
      ) : (
        <table className="grid-table" data-testid="hygiene-findings">
          <thead>
            <tr>
              <th>severity</th>
              <th>cluster</th>
              <th>check</th>
              <th>subject</th>
              <th>finding</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f, i) => (
              <tr key={i} className={`sev-${f.severity}`}>
                <td>{f.severity}</td>
                <td>{f.cluster}</td>
                <td>{f.check}</td>
                <td>{f.subject}</td>
                <td>{f.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>CIDR overlaps</h2>
      {overlaps.length === 0 ? (
        <p className="muted">No pod or service ranges overlap between clusters of one network group (among the ranges seen).</p>
      ) : (
        <table className="grid-table" data-testid="hygiene-overlaps">
          <thead>
            <tr>
              <th>group</th>
              <th>cluster A range</th>
              <th>cluster B range</th>
              <th>overlapping range</th>
            </tr>
          </thead>
          <tbody>
            {overlaps.map((o, i) => (
              <tr key={i}>
                <td>{o.group}</td>
                <td>{o.a}</td>
                <td>{o.b}</td>
                <td>
                  <strong>{o.overlap}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
