import type { Express } from 'express';
import type { AccessRule } from '../auth/types';
import { declaredRule } from './access';

/** One route the HTTP app answers: the method (`*` for a route that only answers 405 for the others) and the path from the root. */
export interface RouteEntry {
  readonly method: string;
  readonly path: string;
  /** Its access rule in server/http/access.ts; undefined when the table has none. */
  readonly rule: AccessRule | undefined;
}

function field(value: unknown, name: string): unknown {
  return value !== null && (typeof value === 'object' || typeof value === 'function') ? Reflect.get(value, name) : undefined;
}

function paths(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.flatMap(paths) : [];
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Walks express's router stack (router 2: `layer.route` for a route, `layer.handle.stack` for a mounted router under `layer.rawPath`). */
function walk(stack: unknown, prefix: string, out: RouteEntry[]): void {
  if (!Array.isArray(stack)) return;
  for (const layer of stack) {
    const route = field(layer, 'route');
    if (route) {
      const methods = field(route, 'methods');
      const named = methods && typeof methods === 'object' ? Object.keys(methods).filter((m) => m !== '_all') : [];
      for (const path of paths(field(route, 'path')).map((p) => join(prefix, p))) {
        for (const method of named.length ? named.map((m) => m.toUpperCase()) : ['*']) out.push({ method, path, rule: declaredRule(method, path) });
      }
      continue;
    }
    const inner = field(field(layer, 'handle'), 'stack');
    if (Array.isArray(inner)) for (const mount of paths(field(layer, 'rawPath'))) walk(inner, join(prefix, mount), out);
  }
}

/**
 * Every route of the app, read from express's own router, each with its
 * access rule: the list the app checks at start (a route without a rule is
 * a programmer error) and the route × role test is built from.
 */
export function listRoutes(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  walk(field(app.router, 'stack'), '', out);
  return out;
}
