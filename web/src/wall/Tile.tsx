import { Sparkline } from './Sparkline';
import { nameParts } from './tile-name';
import { ROOMY_LINES, type StatusFit } from './tile-fit';
import type { TileModel } from './tile-model';

const SEVERITY_ICON: Record<string, string> = { critical: '✖', error: '✖', warning: '▲' };

/**
 * One cluster on the wall. The grid cell is the size container; `lines` is
 * how many lines of the smallest readable text fit, and the tile shows what
 * matters first: name, status (with badge and firing alerts), the top reason,
 * version and cost, the next reason, then the sparkline. `fit` says what of
 * the status line gives way on a narrow tile so that the alert counts never do.
 */
export function Tile({ tile, lines, fit }: { tile: TileModel; lines: number; fit: StatusFit }) {
  const reasons = tile.reasons.slice(0, lines >= 5 ? 2 : lines >= 3 ? 1 : 0);
  const name = nameParts(tile.name);
  return (
    <div className="tile-cell">
      <article
        className={`tile status-${tile.status}${lines >= ROOMY_LINES ? ' roomy' : ''}`}
        data-testid="cluster-tile"
        data-cluster={tile.name}
        data-status={tile.status}
        data-lines={lines}
      >
        <h2>
          {(lines < 2 || fit.iconOnName) && (
            <span className="icon" aria-hidden="true">
              {tile.icon}
            </span>
          )}
          <span className="name" title={tile.name}>
            <span className="name-head">{name.head}</span>
            {name.tail && <span className="name-tail">{name.tail}</span>}
          </span>
          {lines >= 4 && tile.labels.length > 0 && <span className="labels">{tile.labels.join(' · ')}</span>}
        </h2>
        {/* A tile of one line keeps only its name, coloured, after the icon (200 clusters on a small screen). */}
        {lines >= 2 && (
          <div className="status" data-badge={tile.badge ? tile.badge.kind : undefined}>
            {!fit.iconOnName && (
              <span className="icon" aria-hidden="true">
                {tile.icon}
              </span>
            )}
            <span className={fit.word ? 'word' : 'word unseen'}>{tile.word}</span>
            {fit.since && tile.since && (
              <span className="since" data-testid="tile-since">
                {tile.since}
              </span>
            )}
            {tile.badge && fit.badge && (
              <span
                className={`badge badge-${tile.badge.kind}`}
                data-testid="tile-badge"
                data-fit={fit.badge}
                title={tile.badge.detail}
                aria-label={tile.badge.text}
              >
                {fit.badge === 'whole' ? tile.badge.text : tile.badge.text.charAt(0)}
              </span>
            )}
            {tile.alerts.length > 0 && (
              <span
                className="alert-counts"
                data-testid="tile-alerts"
                data-fit={fit.counts}
                title={tile.alerts.map((a) => `${a.count} ${a.severity}`).join(', ') + ' firing'}
              >
                {(fit.counts === 'all' ? tile.alerts : tile.alerts.slice(0, 1)).map((a) => (
                  <span key={a.severity} className={`sev-${a.severity}`} title={`${a.count} ${a.severity} firing`}>
                    {SEVERITY_ICON[a.severity] ?? '●'}
                    {a.count}
                    {lines >= 6 ? ` ${a.severity}` : ''}
                  </span>
                ))}
              </span>
            )}
          </div>
        )}
        {reasons.length > 0 && (
          <ul className="reasons">
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
        {lines >= 7 && <Sparkline points={tile.spark} label={tile.sparkLabel} />}
        {lines >= 3 && tile.strip.length > 0 && (
          <div className="strip" data-testid="status-strip" aria-label="status over the last 24 hours">
            {tile.strip.map((s, i) => (
              <span key={i} className={`strip-${s.status}`} data-segment={s.status} style={{ flexGrow: s.share }} />
            ))}
          </div>
        )}
        {lines >= 4 && (
          <footer>
            <span className="facts">{tile.facts}</span>
            {tile.cost && <span className="cost">{tile.cost}/mo</span>}
            {tile.age && <span className="age">{tile.age}</span>}
          </footer>
        )}
      </article>
    </div>
  );
}
