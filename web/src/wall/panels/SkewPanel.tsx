import type { SkewPanelModel } from '../panel-models';

export function SkewPanel({ model }: { model: SkewPanelModel | null }) {
  if (!model) return <p className="panel-missing">No version-skew report from the server yet.</p>;
  return (
    <div className="panel-skew">
      <ul className="minors">
        {model.minors.map((m) => (
          <li key={m.minor}>
            <strong>{m.minor}</strong> {m.clusters.join(', ')}
          </li>
        ))}
      </ul>
      <p className="finding-counts" data-testid="skew-counts">
        {model.known ? (
          <>
            <span className="sev-critical">✖ {model.findings.critical} critical</span> · <span className="sev-warning">▲ {model.findings.warning} warning</span>
          </>
        ) : (
          <span className="sev-info">? API server version unknown</span>
        )}
      </p>
      {model.known && model.unknown.length > 0 && (
        <p className="sev-info">
          ? version unknown: {model.unknown.slice(0, 4).join(', ')}
          {model.unknown.length > 4 ? ` +${model.unknown.length - 4}` : ''}
        </p>
      )}
      <ul className="findings">
        {model.eol.map((e) => (
          <li key={`eol-${e.cluster}`} className={`sev-${e.severity}`}>
            <strong>{e.cluster}</strong> {e.text}
          </li>
        ))}
        {model.worst.map((f, i) => (
          <li key={i} className={`sev-${f.severity}`}>
            <strong>{f.cluster}</strong> {f.message}
          </li>
        ))}
      </ul>
      {model.more > 0 && <p className="more">+ {model.more} more findings on the desk (/skew)</p>}
    </div>
  );
}
