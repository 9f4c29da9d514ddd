import { STATUS_LOOK } from '../tile-model';
import type { HealthPanelModel } from '../panel-models';

export function HealthPanel({ model }: { model: HealthPanelModel }) {
  return (
    <div className="panel-health">
      <ul className="counts">
        {model.counts.map((c) => (
          <li key={c.status} className={`status-${c.status}`}>
            <span className="icon" aria-hidden="true">
              {STATUS_LOOK[c.status].icon}
            </span>
            <strong>{c.count}</strong> {STATUS_LOOK[c.status].word}
          </li>
        ))}
      </ul>
      {model.problems.length === 0 ? (
        <p className="all-good">Every cluster healthy</p>
      ) : (
        <ul className="problems">
          {model.problems.map((p) => (
            <li key={p.name} className={`status-${p.status}`}>
              <span className="icon" aria-hidden="true">
                {STATUS_LOOK[p.status].icon}
              </span>
              <strong>{p.name}</strong>
              <ul className="problem-reasons">
                {p.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {model.more > 0 && <p className="more">+ {model.more} more not healthy</p>}
    </div>
  );
}
