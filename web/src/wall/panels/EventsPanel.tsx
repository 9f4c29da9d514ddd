import type { EventLine } from '../panel-models';

export function EventsPanel({ lines }: { lines: EventLine[] }) {
  if (lines.length === 0) return <p className="all-good">No warning events</p>;
  return (
    <ul className="panel-events" data-testid="wall-events">
      {lines.map((e) => (
        <li key={e.id} data-event-id={e.id}>
          <span className="event-head">
            <strong>{e.cluster}</strong> {e.reason} {e.object}
            {e.count > 1 ? ` ×${e.count}` : ''} · {e.age}
          </span>
          <span className="event-message">{e.message}</span>
        </li>
      ))}
    </ul>
  );
}
