import { useMemo } from 'react';
import { formatLabelSelector } from '../../../shared/label-selector';
import { formatAge, formatClock } from '../common/format';
import { useRotation, useServerNow, useSize } from '../common/hooks';
import type { FleetView } from '../fleet-state';
import { gridShape, READ_VMIN, tileHeightFor, tileLines } from './grid-shape';
import { changeLines } from './changes-model';
import { withConfigPlaylist } from './config-playlist';
import { alertsPanel, costPanel, healthPanel, skewPanel, warningEvents } from './panel-models';
import { AlertsPanel } from './panels/AlertsPanel';
import { ChangesPanel } from './panels/ChangesPanel';
import { CostPanel } from './panels/CostPanel';
import { EventsPanel } from './panels/EventsPanel';
import { HealthPanel } from './panels/HealthPanel';
import { SkewPanel } from './panels/SkewPanel';
import { HygienePanel } from './panels/HygienePanel';
import { hygienePanel } from './hygiene-panel-model';
import { Tile } from './Tile';
import { statusFit } from './tile-fit';
import { tileContexts } from './tile-context';
import { tileModel } from './tile-model';
import { useBurnIn, useDimmed, useReloadOnUpgrade } from './use-wall-screen';
import type { WallPanel } from '../../../shared/wall';
import { clusterSelected, parseWallParams } from './wall-params';

const PANEL_TITLES: Record<WallPanel, string> = {
  health: 'Health',
  alerts: 'Firing alerts',
  changes: 'What changed',
  cost: 'Cost',
  skew: 'Version skew',
  events: 'Warning events',
  hygiene: 'Hygiene',
};

/** Wider tiles for a large fleet: the name and status word stay on one line each at the smallest readable size. */
const aspectFor = (count: number) => (count > 36 ? 2.4 : 1.6);

/** The TV screen: every cluster at once, a panel playlist, and never a stale picture passed off as current. */
export function WallPage({ view, search }: { view: FleetView; search: string }) {
  const params = useMemo(() => {
    const resolved = withConfigPlaylist(search, view.wall);
    const parsed = parseWallParams(resolved.search);
    return { ...parsed, problems: [...resolved.problems, ...parsed.problems] };
  }, [search, view.wall]);
  const now = useServerNow(view.clockSkewMs);
  const selectionIndex = useRotation(params.selections.length, params.rotateMs);
  const selection = params.selections[selectionIndex];
  const selected = (name: string, labels: Readonly<Record<string, string>> = {}) =>
    clusterSelected(name, labels, params.clusters) && (!selection || clusterSelected(name, labels, selection.selector));
  const contextOf = useMemo(() => tileContexts(view.reports), [view.reports]);
  const clusters = view.clusters.filter((c) => selected(c.health.cluster, c.health.labels));
  const tiles = clusters.map((c) => tileModel({ cluster: c, now, staleAfterMs: view.staleAfterMs, context: contextOf(c.health.cluster) }));
  const labelsOf = new Map(view.clusters.map((c) => [c.health.cluster, c.health.labels]));
  const isSelected = (name: string) => selected(name, labelsOf.get(name) ?? {});

  const [gridRef, gridSize] = useSize<HTMLElement>();
  const readPx = (Math.min(window.innerWidth, window.innerHeight) * READ_VMIN) / 100;
  const gapPx = window.innerHeight * 0.008;
  const shape = gridShape({
    count: tiles.length,
    width: gridSize.width,
    height: gridSize.height,
    aspect: aspectFor(tiles.length),
    gap: gapPx,
    minCellHeight: tileHeightFor(2, readPx),
  });
  const cell = { width: (gridSize.width - gapPx * (shape.cols - 1)) / shape.cols, height: (gridSize.height - gapPx * (shape.rows - 1)) / shape.rows };
  const lines = tileLines(cell.height, readPx);
  const panelIndex = useRotation(params.panels.length, params.rotateMs);
  const panel = params.panels[panelIndex];
  const sinceMessage = view.lastMessageAt === null ? null : Date.now() - view.lastMessageAt;
  const shift = useBurnIn(params.shiftMs);
  const dimmed = useDimmed(params.dim);
  useReloadOnUpgrade(view.build);
  const scope = [params.clusters.length > 0 ? formatLabelSelector(params.clusters) : null, selection?.text].filter(Boolean).join(' · ');

  return (
    <div
      className="wall"
      data-connection={view.connection}
      data-testid="wall"
      data-kiosk={params.kiosk ? '' : undefined}
      data-dimmed={dimmed ? '' : undefined}
      // The burn-in shift moves the content inside the wall's padding, so nothing leaves the screen.
      style={{
        paddingLeft: `calc(1vw + ${shift.x}px)`,
        paddingRight: `calc(1vw - ${shift.x}px)`,
        paddingTop: `calc(1.2vh + ${shift.y}px)`,
        paddingBottom: `calc(1.2vh - ${shift.y}px)`,
      }}
    >
      <header className="wall-top">
        {!params.kiosk && <h1>fleetscope</h1>}
        <span className="wall-summary">
          {tiles.length} cluster{tiles.length === 1 ? '' : 's'}
          {scope ? ` (${scope})` : ''}
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
            <Tile key={tile.name} tile={tile} lines={lines} fit={statusFit(tile, cell, readPx, lines)} />
          ))}
          {tiles.length === 0 && view.synced && <p className="wall-empty">No cluster matches {search}</p>}
        </section>
        {panel && (
          // One aside for every panel, its content replaced in place: no flash between panels.
          <aside className="wall-panel" data-testid="wall-panel" data-panel={panel}>
            <header>
              <h2>{PANEL_TITLES[panel]}</h2>
              <span className="panel-dots" aria-hidden="true">
                {params.panels.map((p) => (p === panel ? '●' : '○')).join('')}
              </span>
            </header>
            {panel === 'health' && <HealthPanel model={healthPanel(tiles)} />}
            {panel === 'alerts' && <AlertsPanel model={view.reports.alerts ? alertsPanel(view.reports.alerts, now, isSelected) : null} />}
            {panel === 'changes' && <ChangesPanel lines={view.reports.changes ? changeLines(view.reports.changes, now, isSelected) : null} />}
            {panel === 'cost' && <CostPanel model={view.reports.cost ? costPanel(view.reports.cost, isSelected) : null} />}
            {panel === 'skew' && <SkewPanel model={view.reports.skew ? skewPanel(view.reports.skew, isSelected) : null} />}
            {panel === 'events' && <EventsPanel lines={warningEvents(view.events, now, isSelected, 4)} />}
            {panel === 'hygiene' && <HygienePanel model={view.reports.hygiene ? hygienePanel(view.reports.hygiene, isSelected) : null} />}
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
