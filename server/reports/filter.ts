import type { Labels } from '../fleet/series';

/** One term of a label selector: `env=prod`, `env!=dev`, `tier in (a,b)` is not supported. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=';
  value: string;
}

export type SelectorResult = { ok: true; matchers: LabelMatcher[] } | { ok: false; message: string };

/** Parses a Kubernetes-style equality selector: "env=prod,region!=us-east-1" ("==" is "="). */
export function parseSelector(text: string): SelectorResult {
  const matchers: LabelMatcher[] = [];
  for (const term of text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const match = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!match) return { ok: false, message: `selector term "${term}": expected label=value or label!=value` };
    matchers.push({ label: match[1]!, op: match[2] === '!=' ? '!=' : '=', value: match[3]!.trim() });
  }
  return { ok: true, matchers };
}

/** The clusters whose labels match every matcher (and, when given, whose name is listed). */
export function filterClusters<C extends { readonly cluster: string; readonly labels: Labels }>(
  clusters: readonly C[],
  filter: { matchers: readonly LabelMatcher[]; clusters?: readonly string[] },
): C[] {
  return clusters.filter((c) => {
    if (filter.clusters?.length && !filter.clusters.includes(c.cluster)) return false;
    return filter.matchers.every((m) => ((c.labels[m.label] ?? '') === m.value) === (m.op === '='));
  });
}
