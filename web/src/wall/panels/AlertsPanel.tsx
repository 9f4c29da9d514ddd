import type { AlertsPanelModel } from '../panel-models';

const ICON: Record<string, string> = { critical: '✖', error: '✖', warning: '▲' };

export function AlertsPanel({ model }: { model: AlertsPanelModel | null }) {
  if (!model) return <p className="panel-missing">No alerts from the server yet.</p>;
  if (model.groups.length === 0) return <p className="all-good">Nothing firing</p>;
  return (
    <div className="panel-alerts" data-testid="wall-alerts">
      <p className="finding-counts">
        {model.counts.map((c, i) => (
          <span key={c.severity} className={`sev-${c.severity}`}>
            {i > 0 ? ' · ' : ''}
            {ICON[c.severity] ?? '●'} {c.count} {c.severity}
          </span>
        ))}
      </p>
      <ul className="alert-groups">
        {model.groups.map((g) => (
          <li key={g.key}>
            <strong>{g.title}</strong>
            <ul>
              {g.alerts.map((a) => (
                <li key={a.fingerprint} className={`sev-${a.severity}`} data-alert={a.fingerprint}>
                  {ICON[a.severity] ?? '●'} {a.text} · {a.since}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {model.more > 0 && <p className="more">+ {model.more} more groups on the desk (/alerts)</p>}
    </div>
  );
}
