import type { Request } from 'express';

/**
 * Request parameters as Prometheus reads them (Go's ParseForm): a
 * form-encoded POST body first, then the URL's query string.
 */

/** Prometheus' time parameter: RFC 3339 or Unix seconds (fractions allowed); milliseconds, or null. */
export function parseTime(text: string | undefined, fallback: number): number | null {
  if (text === undefined || text === '') return fallback;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Prometheus' step / duration parameter: seconds (float) or a duration like 15s, 1m. */
export function parseStep(text: string | undefined): number | null {
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) return null;
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
  return Number(match[1]) * (unit[match[2] ?? 's'] ?? 1);
}

function fromBody(req: Request, name: string): string[] {
  const value: unknown = req.body && typeof req.body === 'object' ? Reflect.get(req.body, name) : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Every value of a repeated parameter (`match[]`), the body's first. */
export function paramAll(req: Request, name: string): string[] {
  return [...fromBody(req, name), ...new URL(req.originalUrl, 'http://localhost').searchParams.getAll(name)];
}

/** A parameter's first value, the body's before the URL's. */
export function param(req: Request, name: string): string | undefined {
  return paramAll(req, name)[0];
}

/** An optional time parameter (`start`, `end` of the look-ups): milliseconds, null when absent, or the words of Prometheus' refusal. */
export function optionalTime(req: Request, name: string): { ok: true; ms: number | null } | { ok: false; error: string } {
  const text = param(req, name);
  if (text === undefined || text === '') return { ok: true, ms: null };
  const ms = parseTime(text, Number.NaN);
  return ms === null || Number.isNaN(ms)
    ? { ok: false, error: `invalid parameter "${name}": cannot parse ${JSON.stringify(text)} to a valid timestamp` }
    : { ok: true, ms };
}

/** Prometheus' label name syntax (the part of a path it goes into). */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
