import type { FleetEvent } from '../../../shared/events';
import { formatAge } from '../common/format';

export function EventTable({ events, now, showCluster = true }: { events: FleetEvent[]; now: number; showCluster?: boolean }) {
  if (events.length === 0) return <p className="muted">No events.</p>;
  return (
    <table className="grid-table" data-testid="events-table">
      <thead>
        <tr>
          <th>last seen</th>
          {showCluster && <th>cluster</th>}
          <th>type</th>
          <th>namespace</th>
          <th>object</th>
          <th>reason</th>
          <th>count</th>
          <th>message</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-event-id={e.id} className={e.type === 'Warning' ? 'event-warning' : ''}>
            <td className="muted">{formatAge(now - e.lastSeen)} ago</td>
            {showCluster && <td>{e.cluster}</td>}
            <td>{e.type === 'Warning' ? '▲ Warning' : e.type}</td>
            <td>{e.namespace}</td>
            <td>
              {e.involvedObject.kind}/{e.involvedObject.name}
            </td>
            <td>{e.reason}</td>
            <td>{e.count}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
