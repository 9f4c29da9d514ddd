import { useMemo } from 'react';
import { formatLabelSelector } from '../../../shared/label-selector';
import { formatAge, formatClock } from '../common/format';
import { useRotation, useServerNow, useSize } from '../common/hooks';
import type { FleetView } from '../fleet-state';
import { gridShape } from './grid-shape';
import { costPanel, healthPanel, skewPanel, warningEvents } from './panel-models';
import { CostPanel } from './panels/CostPanel';
import { EventsPanel } from './panels/EventsPanel';
import { HealthPanel } from './panels/HealthPanel';
import { SkewPanel } from './panels/SkewPanel';
import { Tile } from './Tile';
import { tileModel } from './tile-model';
import { clusterSelected, parseWallParams, type WallPanel } from './wall-params';

const PANEL_TITLES: Record<WallPanel, string> = { health: 'Health', cost: 'Cost', skew: 'Version skew', events: 'Warning events' };

/** The TV screen: every cluster at once, a rotating panel, and never a stale picture passed off as current. */
export function WallPage({ view, search }: { view: FleetView; search: string }) {
  const params = useMemo(() => parseWallParams(search), [search]);
  const now = useServerNow(view.clockSkewMs);
  const selected = (name: string, labels: Readonly<Record<string, string>> = {}) => clusterSelected(name, labels, params.clusters);
  const clusters = view.clusters.filter((c) => selected(c.health.cluster, c.health.labels));
  const tiles = clusters.map((c) => tileModel(c, now, view.staleAfterMs));
  const labelsOf = new Map(view.clusters.map((c) => [c.health.cluster, c.health.labels]));
  const isSelected = (name: string) => selected(name, labelsOf.get(name) ?? {});

  const [gridRef, gridSize] = useSize<HTMLElement>();
  const shape = gridShape(tiles.length, gridSize.width, gridSize.height);
  const panelIndex = useRotation(params.panels.length, params.rotateMs);
  const panel = params.panels[panelIndex];
  const sinceMessage = view.lastMessageAt === null ? null : Date.now() - view.lastMessageAt;

  return (
    <div className="wall" data-connection={view.connection} data-testid="wall">
      <header className="wall-top">
        <h1>fleetscope</h1>
        <span className="wall-summary">
          {tiles.length} cluster{tiles.length === 1 ? '' : 's'}
          {params.clusters.length > 0 ? ` (${formatLabelSelector(params.clusters)})` : ''}
        </span>
        <span className={`connection connection-${view.connection}`} data-testid="connection">
          {view.connection === 'open' ? '● live' : view.connection === 'offline' ? '○ offline' : '○ connecting'}
        </span>
        <span className="updated" data-testid="updated">
          {sinceMessage === null ? 'no data yet' : `updated ${formatAge(sinceMessage)} ago`}
        </span>
        <time className="clock" data-testid="clock">
          {formatClock(now - view.clockSkewMs)}
        </time>
      </header>
      {params.problems.length > 0 && (
        <div className="wall-problems" role="alert">
          {params.problems.join(' · ')}
        </div>
      )}
      <div className="wall-body" data-dense={tiles.length > 36 ? '' : undefined}>
        <section
          className="wall-grid"
          ref={gridRef}
          style={{ gridTemplateColumns: `repeat(${shape.cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${shape.rows}, minmax(0, 1fr))` }}
        >
          {tiles.map((tile) => (
            <Tile key={tile.name} tile={tile} />
          ))}
          {tiles.length === 0 && view.synced && <p className="wall-empty">No cluster matches {search}</p>}
        </section>
        {panel && (
          <aside className="wall-panel" data-testid="wall-panel" data-panel={panel}>
            <header>
              <h2>{PANEL_TITLES[panel]}</h2>
              <span className="panel-dots" aria-hidden="true">
                {params.panels.map((p) => (p === panel ? '●' : '○')).join(' ')}
              </span>
            </header>
            {panel === 'health' && <HealthPanel model={healthPanel(tiles)} />}
            {panel === 'cost' && <CostPanel model={view.reports.cost ? costPanel(view.reports.cost, isSelected) : null} />}
            {panel === 'skew' && <SkewPanel model={view.reports.skew ? skewPanel(view.reports.skew, isSelected) : null} />}
            {panel === 'events' && <EventsPanel lines={warningEvents(view.events, now, isSelected)} />}
          </aside>
        )}
      </div>
      {view.connection !== 'open' && (view.offlineSince !== null || !view.synced) && (
        <div className="wall-offline" role="alert" data-testid="offline-notice">
          {view.offlineSince === null ? (
            <strong>Connecting to fleetscope…</strong>
          ) : (
            <>
              <strong>⚠ fleetscope server unreachable</strong>
              <span>
                for {formatAge(Date.now() - view.offlineSince)} · reconnecting by itself · the tiles show data as of{' '}
                {view.lastMessageAt ? formatClock(view.lastMessageAt) : 'never'}
              </span>
            </>
          )}
        </div>
      )}
    </div>
  );
}
