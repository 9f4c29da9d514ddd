import type { CostPanelModel } from '../panel-models';

export function CostPanel({ model }: { model: CostPanelModel | null }) {
  if (!model) return <p className="panel-missing">No cost report from the server yet.</p>;
  return (
    <div className="panel-cost">
      {model.totals.map((t) => (
        <div key={t.currency} className="cost-total">
          <strong>{t.monthly}</strong> per month · {t.allocatedShare} allocated · {t.idleMonthly} idle · efficiency {t.efficiency}
        </div>
      ))}
      <ul className="bars">
        {model.top.map((c) => (
          <li key={c.cluster}>
            <span className="bar-label">{c.cluster}</span>
            <span className="bar" style={{ width: `${Math.max(2, c.share * 60)}%` }}>
              <span className="bar-idle" style={{ width: `${Math.round(c.idleShare * 100)}%` }} />
            </span>
            <span className="bar-value">{c.monthly}</span>
          </li>
        ))}
      </ul>
      <p className="legend">bar: node cost per month; hatched part idle</p>
    </div>
  );
}
