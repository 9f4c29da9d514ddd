import type { RouteInput } from '../config/schema/alerts';
import type { LabelSet } from '../../shared/labels';
import { matchesAll, type Matcher } from '../../shared/matchers';

/** A node of the routing tree with everything inherited from its parents filled in. */
export interface Route {
  /** Stable id from the tree position ("0", "0.1", "0.1.0"), part of the group key. */
  readonly id: string;
  readonly receiver: string;
  readonly matchers: readonly Matcher[];
  readonly groupBy: readonly string[];
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly continue: boolean;
  readonly routes: readonly Route[];
}

/** Alertmanager's defaults. */
export const ROUTE_DEFAULTS = { groupWaitMs: 30_000, groupIntervalMs: 5 * 60_000, repeatIntervalMs: 4 * 3_600_000 } as const;

/** Fills inherited settings down the tree, as Alertmanager does. */
export function buildRoute(input: RouteInput, parent?: Route, id = '0'): Route {
  const node: Route = {
    id,
    receiver: input.receiver ?? parent?.receiver ?? '',
    matchers: input.matchers,
    groupBy: input.group_by ?? parent?.groupBy ?? [],
    groupWaitMs: input.group_wait ?? parent?.groupWaitMs ?? ROUTE_DEFAULTS.groupWaitMs,
    groupIntervalMs: input.group_interval ?? parent?.groupIntervalMs ?? ROUTE_DEFAULTS.groupIntervalMs,
    repeatIntervalMs: input.repeat_interval ?? parent?.repeatIntervalMs ?? ROUTE_DEFAULTS.repeatIntervalMs,
    continue: input.continue,
    routes: [],
  };
  return { ...node, routes: input.routes.map((child, i) => buildRoute(child, node, `${id}.${i}`)) };
}

/**
 * The routes an alert goes to, as Alertmanager's Route.Match: depth first;
 * the first matching child wins unless it sets `continue`; a node whose
 * children all miss takes the alert itself. The root matches everything.
 */
export function matchRoutes(route: Route, labels: LabelSet): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const all: Route[] = [];
  for (const child of route.routes) {
    const found = matchRoutes(child, labels);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [route];
}
