import { STATUS_LOOK, type TileStatus } from '../wall/tile-model';

/** Status as colour, icon and word together. */
export function StatusBadge({ status }: { status: TileStatus }) {
  return (
    <span className={`badge status-${status}`} data-status={status}>
      <span className="icon" aria-hidden="true">
        {STATUS_LOOK[status].icon}
      </span>{' '}
      {STATUS_LOOK[status].word}
    </span>
  );
}
