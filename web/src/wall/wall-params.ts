import { selectsCluster } from '../../../shared/cluster-selector';
import { parseLabelSelector, type LabelSelector } from '../../../shared/label-selector';

/** The panels the wall can rotate through, in their default order. */
export const WALL_PANELS = ['health', 'cost', 'skew', 'events'] as const;
export type WallPanel = (typeof WALL_PANELS)[number];

export interface WallParams {
  /** Milliseconds each panel stays; 0 keeps the first panel. */
  rotateMs: number;
  panels: WallPanel[];
  /** The clusters shown: a Kubernetes label selector, `name` being the cluster's name; empty shows every cluster. */
  clusters: LabelSelector;
  /** Problems with the URL, shown on screen rather than silently ignored. */
  problems: string[];
}

export const DEFAULT_ROTATE_MS = 30_000;

function parseRotate(text: string | null, problems: string[]): number {
  if (text === null || text === '') return DEFAULT_ROTATE_MS;
  if (text === '0' || text === 'off') return 0;
  const match = /^(\d+)(ms|s|m)?$/.exec(text);
  if (!match) {
    problems.push(`rotate="${text}" is not a period like 30s or 2m; using 30s`);
    return DEFAULT_ROTATE_MS;
  }
  const ms = Number(match[1]) * (match[2] === 'm' ? 60_000 : match[2] === 'ms' ? 1 : 1000);
  if (ms < 3000) {
    problems.push(`rotate="${text}" is shorter than 3s; using 3s`);
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

/** Reads `?rotate=30s&panels=health,skew&clusters=env in (prod,staging),region!=us-east-1`. */
export function parseWallParams(search: string): WallParams {
  const query = new URLSearchParams(search);
  const problems: string[] = [];
  return {
    rotateMs: parseRotate(query.get('rotate'), problems),
    panels: parsePanels(query.get('panels'), problems),
    clusters: parseClusters(query.get('clusters'), problems),
    problems,
  };
}

/** Whether the wall shows a cluster with this name and these labels. */
export function clusterSelected(name: string, labels: Readonly<Record<string, string>>, selector: LabelSelector): boolean {
  return selectsCluster(selector, { name, labels });
}
