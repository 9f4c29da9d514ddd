import type { SparkPoint } from '../../../shared/protocol';

/** A small line of the last points, scaled to its own range; nothing at all when there are fewer than two points. */
export function Sparkline({ points, label }: { points: SparkPoint[]; label: string }) {
  if (points.length < 2) return <div className="spark spark-empty" />;
  const values = points.map((p) => p.v);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const first = points[0]?.t ?? 0;
  const width = (points.at(-1)?.t ?? 1) - first || 1;
  const path = points.map((p) => `${(((p.t - first) / width) * 100).toFixed(1)},${(28 - ((p.v - min) / span) * 24).toFixed(1)}`).join(' ');
  return (
    <div className="spark" data-testid="sparkline">
      <svg viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
        <polyline points={path} fill="none" stroke="currentColor" strokeWidth="2" vectorEffect="non-scaling-stroke" />
      </svg>
      <span className="spark-value">
        {values.at(-1)} {label}
      </span>
    </div>
  );
}
