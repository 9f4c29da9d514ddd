import { useEffect, useState } from 'react';
import { REPORT_FORMATS, REPORT_KINDS, type ReportKind } from '../../../shared/reports/common';

/** Downloads of every report in every format, with a note when this server does not offer one. */
export function ReportsPage() {
  const [available, setAvailable] = useState<Partial<Record<ReportKind, boolean>>>({});
  useEffect(() => {
    const abort = new AbortController();
    for (const kind of REPORT_KINDS) {
      void fetch(`/api/reports/${kind}?format=json`, { signal: abort.signal })
        .then((r) => setAvailable((a) => ({ ...a, [kind]: r.ok })))
        .catch(() => undefined);
    }
    return () => abort.abort();
  }, []);
  return (
    <section data-testid="reports-page">
      <h1>Reports</h1>
      <table className="grid-table">
        <tbody>
          {REPORT_KINDS.map((kind) => (
            <tr key={kind}>
              <th>{kind}</th>
              {REPORT_FORMATS.map((format) => (
                <td key={format}>
                  <a href={`/api/reports/${kind}?format=${format}`} download={`fleetscope-${kind}.${format}`}>
                    {format === 'md' ? 'Markdown' : format.toUpperCase()}
                  </a>
                </td>
              ))}
              <td className="muted">{available[kind] === false ? 'not offered by this server yet' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
