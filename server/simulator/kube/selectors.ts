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

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter(Boolean);
}

/** Parses a labelSelector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export function labelSelector(text: string | null): SelectorResult {
  if (!text) return { ok: true, match: ALWAYS };
  const checks: Array<(labels: Record<string, string>) => boolean> = [];
  for (const term of splitTerms(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term))) {
      const [, key, op, list] = m;
      const values = new Set(list!.split(',').map((v) => v.trim()));
      checks.push(op === 'in' ? (l) => key! in l && values.has(l[key!]!) : (l) => !(key! in l) || !values.has(l[key!]!));
    } else if ((m = /^([\w./-]+)\s*(==|!=|=)\s*([\w.-]*)$/.exec(term))) {
      const [, key, op, value] = m;
      checks.push(op === '!=' ? (l) => l[key!] !== value : (l) => l[key!] === value);
    } else if ((m = /^(!?)([\w./-]+)$/.exec(term))) {
      const [, not, key] = m;
      checks.push(not ? (l) => !(key! in l) : (l) => key! in l);
    } else {
      return { ok: false, message: `unable to parse requirement: found '${term}', expected: identifier` };
    }
  }
  return { ok: true, match: (object) => checks.every((check) => check(object.metadata.labels ?? {})) };
}
