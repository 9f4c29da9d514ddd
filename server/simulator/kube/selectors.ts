import { labelSelectorMatches, parseLabelSelector } from '../../../shared/label-selector';
import { textAt } from './path';
import type { KubeObject, Resource } from './types';

export type Matcher = (object: KubeObject) => boolean;
export type SelectorResult = { ok: true; match: Matcher } | { ok: false; message: string };

const ALWAYS: Matcher = () => true;

/** Field labels each resource supports, as the API server's field label conversion lists them. */
const FIELDS: Record<Resource, (object: KubeObject) => Record<string, string>> = {
  nodes: (o) => ({ 'metadata.name': o.metadata.name, 'spec.unschedulable': textAt(o, 'spec.unschedulable') ?? 'false' }),
  namespaces: (o) => ({ 'metadata.name': o.metadata.name, 'status.phase': textAt(o, 'status.phase') ?? '' }),
  pods: (o) => ({
    'metadata.name': o.metadata.name,
    'metadata.namespace': o.metadata.namespace ?? '',
    'spec.nodeName': textAt(o, 'spec.nodeName') ?? '',
    'spec.restartPolicy': textAt(o, 'spec.restartPolicy') ?? '',
    'spec.schedulerName': textAt(o, 'spec.schedulerName') ?? '',
    'spec.serviceAccountName': textAt(o, 'spec.serviceAccountName') ?? '',
    'status.phase': textAt(o, 'status.phase') ?? '',
    'status.podIP': textAt(o, 'status.podIP') ?? '',
  }),
  events: (o) => {
    const str = (p: string) => textAt(o, p) ?? '';
    const fields: Record<string, string> = {
      'metadata.name': o.metadata.name,
      'metadata.namespace': o.metadata.namespace ?? '',
      reason: str('reason'),
      reportingComponent: str('reportingComponent'),
      source: str('source.component') || str('reportingComponent'),
      type: str('type'),
    };
    for (const f of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) {
      fields[`involvedObject.${f}`] = str(`involvedObject.${f}`);
      // events.k8s.io/v1 clients say `regarding.*`; both name the same stored field.
      fields[`regarding.${f}`] = fields[`involvedObject.${f}`]!;
    }
    return fields;
  },
};

/** Parses a fieldSelector (`a=b,c!=d`) for `resource`; unknown fields are refused like the API server does. */
export function fieldSelector(resource: Resource, text: string | null): SelectorResult {
  if (!text) return { ok: true, match: ALWAYS };
  const terms: Array<{ field: string; equal: boolean; value: string }> = [];
  for (const raw of text.split(',')) {
    const term = raw.trim();
    if (!term) continue;
    const m = /^([^!=]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!m) return { ok: false, message: `invalid selector: '${text}'; can't understand '${term}'` };
    terms.push({ field: m[1]!, equal: m[2] !== '!=', value: m[3]! });
  }
  const sample = FIELDS[resource];
  const known = new Set(Object.keys(sample({ metadata: { name: '', uid: '', resourceVersion: '', creationTimestamp: '' } })));
  for (const t of terms) if (!known.has(t.field)) return { ok: false, message: `field label not supported: ${t.field}` };
  return {
    ok: true,
    match: (object) => {
      const fields = sample(object);
      return terms.every((t) => (fields[t.field] === t.value) === t.equal);
    },
  };
}

/**
 * Parses a labelSelector with the grammar fleetscope's own selectors use
 * (shared/label-selector.ts, which reads what the API server reads), worded
 * as the API server words a refusal.
 */
export function labelSelector(text: string | null): SelectorResult {
  const parsed = parseLabelSelector(text ?? '');
  if (!parsed.ok) return { ok: false, message: `unable to parse requirement: ${parsed.message}` };
  if (parsed.selector.length === 0) return { ok: true, match: ALWAYS };
  const { selector } = parsed;
  return { ok: true, match: (object) => labelSelectorMatches(selector, object.metadata.labels ?? {}) };
}
