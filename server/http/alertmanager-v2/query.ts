/**
 * The query parameters of `GET /api/v2/alerts` and `/api/v2/alerts/groups`
 * (and `filter` of `GET /api/v2/silences`), read as Alertmanager reads
 * them. Pure.
 */
import { compileMatcherRegex, parseMatcher, type Matcher } from '../../../shared/matchers';
import type { AnchoredRegex } from '../../../shared/regex';

/** What a client asked of the alerts: each flag true unless it said false (the spec's defaults). */
export interface AlertQuery {
  readonly filter: readonly Matcher[];
  /** Alerts no silence mutes. */
  readonly active: boolean;
  readonly silenced: boolean;
  /** Accepted and meaningless: fleetscope inhibits nothing. */
  readonly inhibited: boolean;
  /** Only alerts routed to a receiver whose whole name matches (RE2). */
  readonly receiver: AnchoredRegex | null;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A query value as express reads it: absent, a string, or repeated (an array). */
type QueryValue = unknown;

function strings(value: QueryValue): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Go's strconv.ParseBool, which the spec's boolean parameters go through. */
const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

function flag(name: string, value: QueryValue): Parsed<boolean> {
  const [text, ...more] = strings(value);
  if (text === undefined) return { ok: true, value: true };
  if (more.length === 0 && TRUE.has(text)) return { ok: true, value: true };
  if (more.length === 0 && FALSE.has(text)) return { ok: true, value: false };
  return { ok: false, message: `${name}: must be true or false, not ${JSON.stringify(strings(value).join(','))}` };
}

/** `filter=NAME="VALUE"`, repeated: each one matcher, as amtool sends them (braces around one are allowed). */
export function parseFilter(value: QueryValue): Parsed<Matcher[]> {
  const matchers: Matcher[] = [];
  for (const text of strings(value)) {
    const bare = text.trim().replace(/^\{(.*)\}$/s, '$1');
    const parsed = parseMatcher(bare);
    if (!parsed.ok) return { ok: false, message: `bad matcher format: ${parsed.message}` };
    matchers.push(parsed.matcher);
  }
  return { ok: true, value: matchers };
}

const FLAGS = ['active', 'silenced', 'inhibited', 'unprocessed'] as const;

export function parseAlertQuery(query: Record<string, QueryValue>): Parsed<AlertQuery> {
  const filter = parseFilter(query.filter);
  if (!filter.ok) return filter;
  const flags = { active: true, silenced: true, inhibited: true, unprocessed: true };
  for (const name of FLAGS) {
    const parsed = flag(name, query[name]);
    if (!parsed.ok) return parsed;
    flags[name] = parsed.value;
  }
  let receiver: AnchoredRegex | null = null;
  const [pattern] = strings(query.receiver);
  // amtool's client leaves an empty receiver out; one sent empty is taken as absent too.
  if (pattern !== undefined && pattern !== '') {
    const compiled = compileMatcherRegex(pattern);
    if (!compiled.ok) return { ok: false, message: `failed to parse receiver param: ${compiled.reason}` };
    receiver = compiled.regex;
  }
  return { ok: true, value: { filter: filter.value, active: flags.active, silenced: flags.silenced, inhibited: flags.inhibited, receiver } };
}
