import type { ChangeLine } from '../changes-model';

/** The "what changed" timeline: newest first, each with how long ago and the cluster. */
export function ChangesPanel({ lines }: { lines: ChangeLine[] | null }) {
  if (!lines) return <p className="panel-missing">No timeline from the server yet.</p>;
  if (lines.length === 0) return <p className="all-good">Nothing changed in the last 24 h</p>;
  return (
    <ul className="panel-changes" data-testid="wall-changes">
      {lines.map((c) => (
        <li key={c.key} data-kind={c.kind} className={c.status ? `change-${c.status}` : undefined}>
          <span className="change-head">
            <span aria-hidden="true">{c.icon}</span> <strong>{c.cluster}</strong> · {c.ago}
          </span>
          <span className="change-text">{c.text}</span>
        </li>
      ))}
    </ul>
  );
}
