import { useEffect, useState } from 'react';
import { fetchJson } from '../common/fetch-json';
import { auditRows, isAuditList, type AuditRow } from './audit-model';

/** The audit log (GET /api/audit, admins, newest first): who did what, when, from where. */
export function AuditPage() {
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    void fetchJson('/api/audit', isAuditList, abort.signal).then((result) => {
      if (result.ok) setRows(auditRows(result.data, (at) => new Date(at).toLocaleString()));
      else setError(result.message);
    });
    return () => abort.abort();
  }, []);
  return (
    <section data-testid="audit-page">
      <h1>Audit log</h1>
      {error && <p className="banner">{error}</p>}
      {rows && rows.length === 0 && <p className="muted">Nothing recorded yet: silences created or expired, tokens and config reloaded appear here.</p>}
      {rows && rows.length > 0 && (
        <table className="grid-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>when</th>
              <th>who</th>
              <th>what</th>
              <th>on</th>
              <th>details</th>
              <th>from</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{r.when}</td>
                <td>{r.who}</td>
                <td>{r.what}</td>
                <td>{r.target}</td>
                <td>{r.detail}</td>
                <td>{r.from}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
