/**
 * A request as one cluster's Prometheus must be asked it. The fleet's
 * cluster label is fleetscope's, not the cluster's: `up{cluster="prod-eu"}`
 * sent unchanged would match nothing anywhere (or the cluster's own,
 * different, `cluster` label). So, per cluster, before the fan-out:
 *
 * - `rename` (the default): a matcher on the cluster label is decided here,
 *   against the cluster's name: when it holds it is dropped, when it fails
 *   the selector can match nothing in this cluster; `exported_cluster` (where
 *   the cluster's own value went when it differs from the name) is asked as
 *   the cluster's `cluster`, a value equal to the name counting as none.
 * - `keep`: a series' own value wins and the cluster's name stands in for a
 *   missing one, so the matcher is rewritten to hold for exactly those
 *   series (`cluster="prod-eu"` on prod-eu: `cluster=~"|prod-eu"`).
 *
 * A cluster none of whose selectors can match anything is not asked at all:
 * no load on it, no warning when it is down, and `absent(up{cluster="x"})`
 * answers as one Prometheus holding the whole fleet would. Pure.
 */
import { RE2JS } from 're2js';
import { compileRegex } from '../../../shared/regex';
import type { ClusterLabelling } from '../../sources/federate/labelling';
import type { QueryRequest } from '../../sources/federate/query-targets';
import { findSelectors, type LabelNameList, type MatcherList, type MatcherText } from './promql-selectors';

type Plain = Pick<MatcherText, 'label' | 'op' | 'value'>;

/** What becomes of one matcher: left as written, dropped, replaced, or the proof its selector matches nothing here. */
type Verdict = { kind: 'keep' } | { kind: 'drop' } | { kind: 'never' } | { kind: 'replace'; matchers: Plain[] };

const KEEP: Verdict = { kind: 'keep' };
const format = (m: Plain): string => `${m.label}${m.op}${JSON.stringify(m.value)}`;

/** Whether `matcher` holds for `value`; null when its pattern is not RE2 (the cluster's Prometheus will say so). */
function holds(matcher: Plain, value: string): boolean | null {
  if (matcher.op === '=') return value === matcher.value;
  if (matcher.op === '!=') return value !== matcher.value;
  const compiled = compileRegex(matcher.value, { dotAll: true });
  if (!compiled.ok) return null;
  return compiled.regex.test(value) === (matcher.op === '=~');
}

/**
 * `rename`: `exported_cluster` is the series' own `cluster` when that differs
 * from the cluster's name, and absent ("") when it is the name or missing.
 * Asked as the cluster's `cluster`, a series carrying the name must be
 * judged as "" would be.
 */
function exported(matcher: MatcherText, labelling: ClusterLabelling): Verdict {
  const { label, cluster } = labelling;
  const upstream: Plain = { label, op: matcher.op, value: matcher.value };
  const forName = holds(matcher, cluster);
  const forEmpty = holds(matcher, '');
  if (forName === null || forEmpty === null || forName === forEmpty) return { kind: 'replace', matchers: [upstream] };
  // Series carrying the name must not match.
  if (forName) return { kind: 'replace', matchers: [upstream, { label, op: '!=', value: cluster }] };
  // Series carrying the name must match as well.
  if (matcher.op === '=') return { kind: 'replace', matchers: [{ label, op: '=~', value: `|${RE2JS.quote(cluster)}` }] }; // `=""`
  if (matcher.op === '=~') return { kind: 'replace', matchers: [{ label, op: '=~', value: `(?:${matcher.value})|${RE2JS.quote(cluster)}` }] };
  if (matcher.op === '!=') return { kind: 'drop' }; // `!="<name>"`: no series shows the name there.
  // `!~` with a pattern that matches the name but not "": not the pattern, or the name, which no one matcher says; series carrying the name are left out.
  return { kind: 'replace', matchers: [upstream] };
}

/** `rename`: the label's value is the cluster's name on every series. */
function renamed(matcher: MatcherText, labelling: ClusterLabelling): Verdict {
  if (matcher.label === `exported_${labelling.label}`) return exported(matcher, labelling);
  if (matcher.label !== labelling.label) return KEEP;
  const verdict = holds(matcher, labelling.cluster);
  return verdict === null ? KEEP : verdict ? { kind: 'drop' } : { kind: 'never' };
}

/** `keep`: the label's value is the series' own, or the cluster's name where it has none (""). */
function kept(matcher: MatcherText, labelling: ClusterLabelling): Verdict {
  const { label, cluster } = labelling;
  if (matcher.label !== label) return KEEP;
  const forName = holds(matcher, cluster);
  const forEmpty = holds(matcher, '');
  // Alike: the cluster's Prometheus already treats a missing value as the name would be.
  if (forName === null || forEmpty === null || forName === forEmpty) return KEEP;
  if (forName) {
    // Series without their own value must match too: accept "" beside what the matcher accepts.
    if (matcher.op === '=') return { kind: 'replace', matchers: [{ label, op: '=~', value: `|${RE2JS.quote(matcher.value)}` }] };
    if (matcher.op === '=~') return { kind: 'replace', matchers: [{ label, op: '=~', value: `(?:${matcher.value})|` }] };
    if (matcher.op === '!=') return { kind: 'drop' }; // `!=""`: every series has a value here.
    // `!~` with a pattern that matches "" but not the name: "" or not the pattern, which no one matcher says; series without their own value are left out.
    return KEEP;
  }
  // Series without their own value must not match: "" excluded.
  if (matcher.op === '=') return { kind: 'never' }; // `=""`
  return { kind: 'replace', matchers: [matcher, { label, op: '!=', value: '' }] };
}

/** A list as this cluster must be asked it, or null when its selector matches nothing here. */
function scopeList(query: string, list: MatcherList, labelling: ClusterLabelling): string | null {
  const texts: string[] = [];
  const remaining: Plain[] = [];
  let changed = false;
  for (const item of list.items) {
    const verdict = item.matcher ? (labelling.existing === 'rename' ? renamed : kept)(item.matcher, labelling) : KEEP;
    if (verdict.kind === 'never') return null;
    if (verdict.kind === 'drop') changed = true;
    else if (verdict.kind === 'replace') {
      changed = true;
      texts.push(...verdict.matchers.map(format));
      remaining.push(...verdict.matchers);
    } else {
      texts.push(query.slice(item.start, item.end));
      if (item.matcher) remaining.push(item.matcher);
    }
  }
  if (!changed) return query.slice(list.start, list.end);
  // `{cluster="prod-eu"}` is every series of prod-eu: what is left of it must still be a selector Prometheus accepts.
  if (!list.named && remaining.every((m) => holds(m, '') !== false)) texts.push('__name__=~".+"');
  return `{${texts.join(', ')}}`;
}

/**
 * A grouping's label names as this cluster must be asked them. Under
 * `rename` the cluster label is one value within a cluster: `by (cluster)`
 * must not split the cluster's series by their own, moved, value, so it is
 * grouped by nothing here (the merge labels the result with the cluster);
 * `exported_cluster` is the cluster's own `cluster`. Under `keep` the
 * cluster's own value is the fleet's, and nothing changes.
 */
function scopeNames(query: string, names: LabelNameList, labelling: ClusterLabelling): string {
  const text = query.slice(names.start, names.end);
  if (labelling.existing === 'keep') return text;
  const exported = `exported_${labelling.label}`;
  if (!names.names.some((n) => n.name === labelling.label || n.name === exported)) return text;
  const kept = names.names.flatMap((n) => {
    if (n.name === exported) return [labelling.label];
    if (n.name === labelling.label && names.keyword !== 'without') return [];
    return [query.slice(n.start, n.end)];
  });
  return `(${kept.join(', ')})`;
}

/** A list that matches nothing (and, not matching "", a valid selector alone), for one that cannot match here in a query still asked. */
const nothing = (labelling: ClusterLabelling): string => `{${labelling.label}!~".*"}`;

/**
 * `query` as this cluster must be asked it, or null when none of its
 * selectors can match anything in this cluster (it is then not asked).
 * A query this reader does not follow is sent as written.
 */
export function scopeQuery(query: string, labelling: ClusterLabelling): string | null {
  const selectors = findSelectors(query);
  if (!selectors) return query;
  const scoped = selectors.lists.map((list) => scopeList(query, list, labelling));
  if (selectors.lists.length > 0 && selectors.bare === 0 && scoped.every((s) => s === null)) return null;
  const edits = [
    ...selectors.lists.map((list, i) => ({ start: list.start, end: list.end, text: scoped[i] ?? nothing(labelling) })),
    ...selectors.groupings.map((names) => ({ start: names.start, end: names.end, text: scopeNames(query, names, labelling) })),
  ].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += query.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + query.slice(at);
}

/** `match[]` as this cluster must be asked it: the selectors that can match here, or null when none can (and some were given). */
function scopeMatch(match: readonly string[], labelling: ClusterLabelling): string[] | null {
  if (match.length === 0) return [];
  const scoped = match.flatMap((m) => {
    const s = scopeQuery(m, labelling);
    return s === null ? [] : [s];
  });
  return scoped.length ? scoped : null;
}

/** The request as this cluster's Prometheus must be asked it, or null when nothing of this cluster can answer it. */
export function scopeRequest(request: QueryRequest, labelling: ClusterLabelling): QueryRequest | null {
  switch (request.kind) {
    case 'instant':
    case 'range': {
      const query = scopeQuery(request.query, labelling);
      return query === null ? null : { ...request, query };
    }
    case 'series':
    case 'labels':
    case 'label_values': {
      const match = scopeMatch(request.match, labelling);
      return match === null ? null : { ...request, match };
    }
    case 'metadata':
      return request;
  }
}
