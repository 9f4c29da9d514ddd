/**
 * One context of a kubeconfig (clientcmd v1: https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/),
 * self-contained: every certificate and credential inline, so the file works
 * where it is mounted (the hub's Secret), far from the files it was made of.
 * `cluster` and `user` hold the kubeconfig's own field names
 * (`certificate-authority-data`, `token`, …); the cluster, the user and the
 * context all carry `name`.
 */
export interface KubeconfigEntry {
  name: string;
  cluster: Readonly<Record<string, unknown>>;
  user: Readonly<Record<string, unknown>>;
}

export type Merged = { ok: true; document: Record<string, unknown>; contexts: string[] } | { ok: false; problem: string };

interface Named {
  name: string;
}

const isNamed = (value: unknown): value is Named => value !== null && typeof value === 'object' && typeof Reflect.get(value, 'name') === 'string';

/**
 * The kubeconfig `existing` (parsed YAML; null when there is no file yet)
 * with `entry` put in: the cluster, user and context of that name replaced,
 * every other entry kept as it was, the current-context kept (set to the
 * entry when there was none). A document that is not a kubeconfig is refused.
 */
export function mergeKubeconfig(existing: unknown, entry: KubeconfigEntry): Merged {
  const base: Record<string, unknown> = { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [], 'current-context': '' };
  if (existing !== null && existing !== undefined) {
    if (typeof existing !== 'object' || Array.isArray(existing)) return { ok: false, problem: 'is not a kubeconfig (not a YAML mapping)' };
    const kind: unknown = Reflect.get(existing, 'kind');
    if (kind !== undefined && kind !== 'Config') return { ok: false, problem: `is not a kubeconfig (kind ${JSON.stringify(kind)}, not Config)` };
    Object.assign(base, existing);
  }
  const lists: Record<'clusters' | 'users' | 'contexts', Named[]> = { clusters: [], users: [], contexts: [] };
  for (const key of ['clusters', 'users', 'contexts'] as const) {
    const list: unknown = base[key] ?? [];
    if (!Array.isArray(list) || !list.every(isNamed)) return { ok: false, problem: `is not a kubeconfig (${key} is not a list of named entries)` };
    lists[key] = list.filter((item) => item.name !== entry.name);
  }
  const { name } = entry;
  const document = {
    ...base,
    clusters: [...lists.clusters, { name, cluster: entry.cluster }],
    users: [...lists.users, { name, user: entry.user }],
    contexts: [...lists.contexts, { name, context: { cluster: name, user: name } }],
    'current-context': typeof base['current-context'] === 'string' && base['current-context'] ? base['current-context'] : name,
  };
  return { ok: true, document, contexts: document.contexts.map((c) => c.name) };
}
