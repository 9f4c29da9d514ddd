import type { TileModel } from './tile-model';
import { Sparkline } from './Sparkline';

/** One cluster on the wall. The grid cell is the size container; every length inside follows its size. */
export function Tile({ tile }: { tile: TileModel }) {
  return (
    <div className="tile-cell">
      <article className={`tile status-${tile.status}`} data-testid="cluster-tile" data-cluster={tile.name} data-status={tile.status}>
        <h2>{tile.name}</h2>
        <div className="status">
          <span className="icon" aria-hidden="true">
            {tile.icon}
          </span>
          <span className="word">{tile.word}</span>
          <span className="labels">{tile.labels.join(' · ')}</span>
        </div>
        <ul className="reasons">
          {tile.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        <Sparkline points={tile.spark} label="pods running" />
        <footer>
          <span className="facts">{tile.facts}</span>
          {tile.age && <span className="age">{tile.age}</span>}
        </footer>
      </article>
    </div>
  );
}
