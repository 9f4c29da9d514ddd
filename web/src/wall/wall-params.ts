import { selectsCluster } from '../../../shared/cluster-selector';
import { parseLabelSelector, type LabelSelector } from '../../../shared/label-selector';
import { WALL_PANELS, type WallPanel } from '../../../shared/wall';
import { parseDimSchedule, type DimSchedule } from './dimming';

export interface WallParams {
  /** Milliseconds each panel (and each cluster selection) stays; 0 keeps the first. */
  rotateMs: number;
  /** The panel playlist, in order. */
  panels: WallPanel[];
  /** The clusters shown: a Kubernetes label selector, `name` being the cluster's name; empty shows every cluster. */
  clusters: LabelSelector;
  /**
   * A playlist of cluster selections, each shown for `rotateMs` in turn (and
   * each within `clusters`); empty: no rotation of clusters. Every entry is
   * shown with its text, for the header.
   */
  selections: Array<{ text: string; selector: LabelSelector }>;
  /** No cursor, no selection, no brand: a screen nobody sits at. */
  kiosk: boolean;
  /** Night dimming by the browser's local time; null: never dimmed. */
  dim: DimSchedule | null;
  /** Period of the burn-in shift of the layout; 0: none. */
  shiftMs: number;
  /** Problems with the URL, shown on screen rather than silently ignored. */
  problems: string[];
}

export const DEFAULT_ROTATE_MS = 30_000;
export const DEFAULT_SHIFT_MS = 3 * 60_000;

function parsePeriod(name: string, text: string | null, fallback: number, problems: string[]): number {
  if (text === null || text === '') return fallback;
  if (text === '0' || text === 'off') return 0;
  const match = /^(\d+)(ms|s|m)?$/.exec(text);
  const shown = `${fallback / 1000}s`;
  if (!match) {
    problems.push(`${name}="${text}" is not a period like 30s or 2m; using ${shown}`);
    return fallback;
  }
  const ms = Number(match[1]) * (match[2] === 'm' ? 60_000 : match[2] === 'ms' ? 1 : 1000);
  if (ms < 3000) {
    problems.push(`${name}="${text}" is shorter than 3s; using 3s`);
    return 3000;
  }
  return ms;
}

function isPanel(name: string): name is WallPanel {
  return WALL_PANELS.some((p) => p === name);
}

function parsePanels(text: string | null, problems: string[]): WallPanel[] {
  if (text === null || text.trim() === '') return [...WALL_PANELS];
  const panels: WallPanel[] = [];
  for (const name of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (isPanel(name)) {
      if (!panels.includes(name)) panels.push(name);
    } else problems.push(`unknown panel "${name}" (known: ${WALL_PANELS.join(', ')})`);
  }
  return panels;
}

/** An unreadable selector shows every cluster and says why, rather than a wall filtered by half a selector. */
function parseClusters(text: string | null, problems: string[]): LabelSelector {
  const parsed = parseLabelSelector(text ?? '');
  if (parsed.ok) return parsed.selector;
  problems.push(`clusters: ${parsed.message}; showing every cluster`);
  return [];
}

/** `selections=env=prod;env in (staging,dev)`: selectors hold commas, so `;` separates them. */
function parseSelections(text: string | null, problems: string[]): WallParams['selections'] {
  const out: WallParams['selections'] = [];
  for (const part of (text ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parsed = parseLabelSelector(part);
    if (parsed.ok) out.push({ text: part, selector: parsed.selector });
    else problems.push(`selections: ${parsed.message}; left out of the playlist`);
  }
  return out;
}

function parseFlag(name: string, text: string | null, problems: string[]): boolean {
  if (text === null || text === '0' || text === 'false' || text === 'off') return false;
  if (text === '' || text === '1' || text === 'true' || text === 'on') return true;
  problems.push(`${name}="${text}" is not 1 or 0; using 0`);
  return false;
}

function parseDim(text: string | null, problems: string[]): DimSchedule | null {
  if (text === null || text === '' || text === 'off') return null;
  const parsed = parseDimSchedule(text);
  if (parsed) return parsed;
  problems.push(`dim="${text}" is not a time range like 22:00-06:00; not dimming`);
  return null;
}

/**
 * Reads `?playlist=alerts,skew,cost&interval=30s&clusters=env=prod&selections=region=eu;region=us&kiosk=1&dim=22:00-06:00`.
 * `panels` and `rotate` are the older names of `playlist` and `interval`.
 */
export function parseWallParams(search: string): WallParams {
  const query = new URLSearchParams(search);
  const problems: string[] = [];
  const interval = query.has('interval') ? 'interval' : 'rotate';
  const playlist = query.has('playlist') ? 'playlist' : 'panels';
  return {
    rotateMs: parsePeriod(interval, query.get(interval), DEFAULT_ROTATE_MS, problems),
    panels: parsePanels(query.get(playlist), problems),
    clusters: parseClusters(query.get('clusters'), problems),
    selections: parseSelections(query.get('selections'), problems),
    kiosk: parseFlag('kiosk', query.get('kiosk'), problems),
    dim: parseDim(query.get('dim'), problems),
    shiftMs: parsePeriod('shift', query.get('shift'), DEFAULT_SHIFT_MS, problems),
    problems,
  };
}

/** Whether the wall shows a cluster with this name and these labels. */
export function clusterSelected(name: string, labels: Readonly<Record<string, string>>, selector: LabelSelector): boolean {
  return selectsCluster(selector, { name, labels });
}
