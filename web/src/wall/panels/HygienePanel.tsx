import type { HygienePanelModel } from '../hygiene-panel-model';

export function HygienePanel({ model }: { model: HygienePanelModel | null }) {
  if (!model) return <p className="panel-missing">No hygiene report from the server yet.</p>;
  return (
    <div className="panel-hygiene">
      <ul className="hygiene-counts" data-testid="hygiene-counts">
        {model.failing.map((c) => (
          <li key={c.check}>
            <strong>{c.label}</strong> {c.critical > 0 && <span className="sev-critical">✖ {c.critical}</span>}{' '}
            {c.warning > 0 && <span className="sev-warning">▲ {c.warning}</span>}
          </li>
        ))}
        {model.overlaps > 0 && (
          <li>
            <strong>CIDR overlaps</strong> <span className="sev-critical">{model.overlaps}</span>
          </li>
        )}
      </ul>
      {model.fine.length > 0 && <p className="sev-ok">✓ {model.fine.join(', ')}</p>}
      {model.notSeen.length > 0 && <p className="sev-info">? not seen: {model.notSeen.map((n) => `${n.label} (${n.clusters})`).join(', ')}</p>}
      <ul className="findings">
        {model.worst.map((f, i) => (
          <li key={i} className={`sev-${f.severity}`}>
            <strong>{f.cluster}</strong> {f.text}
          </li>
        ))}
      </ul>
      {model.more > 0 && <p className="more">+ {model.more} more findings on the desk (/hygiene)</p>}
    </div>
  );
}
