import type { AccessRule } from '../auth/types';

/** The methods a route answers, as express names them (HEAD is answered by GET's handler). */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One path of the HTTP API and the access rule of each method it answers. */
export interface AccessEntry {
  /** As the route is declared in express, from the root (`/api/silences/:id`). */
  readonly path: string;
  readonly rules: Readonly<Partial<Record<RouteMethod, AccessRule>>>;
}

/**
 * Every route's access rule (docs/security.md, "Roles"). A route that is not
 * listed here makes fleetscope refuse to start (server/http/routes.ts), and
 * the route × role test fails: adding a route means saying who may use it.
 */
export const ACCESS_TABLE: readonly AccessEntry[] = [
  { path: '/healthz', rules: { GET: 'public' } },
  { path: '/readyz', rules: { GET: 'public' } },
  { path: '/-/healthy', rules: { GET: 'public' } },
  { path: '/-/ready', rules: { GET: 'public' } },
  { path: '/metrics', rules: { GET: 'viewer' } },
  { path: '/federate', rules: { GET: 'viewer' } },
  { path: '/api/v1/query', rules: { GET: 'viewer', POST: 'viewer' } },
  { path: '/api/v1/query_range', rules: { GET: 'viewer', POST: 'viewer' } },
  // The rest of the Prometheus HTTP API (server/http/prometheus-api/): reads, as Prometheus' own are.
  { path: '/api/v1/series', rules: { GET: 'viewer', POST: 'viewer' } },
  { path: '/api/v1/labels', rules: { GET: 'viewer', POST: 'viewer' } },
  { path: '/api/v1/label/:name/values', rules: { GET: 'viewer' } },
  { path: '/api/v1/metadata', rules: { GET: 'viewer' } },
  { path: '/api/v1/status/buildinfo', rules: { GET: 'viewer' } },
  { path: '/api/me', rules: { GET: 'viewer' } },
  { path: '/api/clusters', rules: { GET: 'viewer' } },
  { path: '/api/clusters/:name', rules: { GET: 'viewer' } },
  { path: '/api/clusters/:name/history', rules: { GET: 'viewer' } },
  { path: '/api/reports', rules: { GET: 'viewer' } },
  { path: '/api/reports/cost/history', rules: { GET: 'viewer' } },
  { path: '/api/reports/:kind', rules: { GET: 'viewer' } },
  { path: '/api/events', rules: { GET: 'viewer' } },
  { path: '/api/events/bursts', rules: { GET: 'viewer' } },
  { path: '/api/alertmanager', rules: { POST: 'alertmanager' } },
  { path: '/api/alerts', rules: { GET: 'viewer' } },
  { path: '/api/silences', rules: { GET: 'viewer', POST: 'operator' } },
  { path: '/api/silences/:id', rules: { DELETE: 'operator' } },
  { path: '/api/schedules', rules: { GET: 'viewer' } },
  { path: '/api/notifications', rules: { GET: 'viewer' } },
  { path: '/api/notifications/:id/retry', rules: { POST: 'operator' } },
  // Alertmanager's API v2 (amtool): reads for viewers, silence changes for operators, as /api/silences.
  { path: '/api/v2/status', rules: { GET: 'viewer' } },
  { path: '/api/v2/receivers', rules: { GET: 'viewer' } },
  { path: '/api/v2/alerts', rules: { GET: 'viewer' } },
  { path: '/api/v2/alerts/groups', rules: { GET: 'viewer' } },
  { path: '/api/v2/silences', rules: { GET: 'viewer', POST: 'operator' } },
  { path: '/api/v2/silence/:id', rules: { GET: 'viewer', DELETE: 'operator' } },
  { path: '/api/audit', rules: { GET: 'admin' } },
  { path: '/-/reload', rules: { POST: 'admin', PUT: 'admin' } },
  // The sign-in routes: public, since they are how one gets an identity; each checks what it needs (server/auth/oidc/routes.ts, wall/routes.ts).
  { path: '/auth/options', rules: { GET: 'public' } },
  { path: '/auth/login', rules: { GET: 'public' } },
  { path: '/auth/callback', rules: { GET: 'public' } },
  { path: '/auth/logout', rules: { POST: 'public' } },
  { path: '/auth/signed-out', rules: { GET: 'public' } },
  { path: '/auth/wall', rules: { POST: 'public' } },
  { path: '/auth/wall/renew', rules: { POST: 'public' } },
];

/** The websocket's rule: the wall and the desk read the fleet through it. */
export const STREAM_RULE: AccessRule = 'viewer';

const ORDER: readonly AccessRule[] = ['public', 'alertmanager', 'viewer', 'operator', 'admin'];

/** Paths under which nothing is public, listed or not: an unlisted one is answered 404, but only to a viewer. */
const NEVER_PUBLIC = /^\/+(api|-|federate|metrics|ws)(\/|$)/i;

/** Express matches paths ignoring case and one trailing slash; `:name` is one segment. The table is matched the same way. */
function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`, 'i');
}

const COMPILED = ACCESS_TABLE.map((entry) => ({ entry, pattern: compile(entry.path) }));

function isRouteMethod(method: string): method is RouteMethod {
  return method === 'GET' || method === 'POST' || method === 'PUT' || method === 'DELETE';
}

/**
 * The rule of one request. A method the path does not answer (405, OPTIONS)
 * gets the path's least rule, so whoever may see the path learns what it
 * takes. A path that is not listed is the web app (public) when read, and
 * needs a viewer otherwise, and under /api, /-/, /federate, /metrics.
 */
export function ruleFor(method: string, path: string): AccessRule {
  const found = COMPILED.find((c) => c.pattern.test(path))?.entry;
  const asked = method === 'HEAD' ? 'GET' : method;
  if (!found) return NEVER_PUBLIC.test(path) || (asked !== 'GET' && asked !== 'OPTIONS') ? 'viewer' : 'public';
  const rule = isRouteMethod(asked) ? found.rules[asked] : undefined;
  if (rule) return rule;
  const listed = Object.values(found.rules).filter((r) => r !== undefined);
  return listed.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0] ?? 'viewer';
}

/** The table's own rule for a route as express declares it (the same path text), or undefined when the table has none. */
export function declaredRule(method: string, path: string): AccessRule | undefined {
  const entry = ACCESS_TABLE.find((e) => e.path === path);
  if (!entry) return undefined;
  if (method === '*') return ruleFor('OPTIONS', path);
  return isRouteMethod(method) ? entry.rules[method] : undefined;
}
