import { clusterRoleKey, roleKey, type PolicyRule, type RbacPolicy, type RoleBinding, type Subject } from './rbac';

/**
 * Roles and bindings from Kubernetes objects as `kubectl apply` would take
 * them (rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding,
 * ClusterRoleBinding); other kinds are skipped. A malformed RBAC object
 * throws, naming it: the simulator is only ever given files of this project.
 */
export function rbacPolicyOf(objects: readonly unknown[], defaults: RbacPolicy = BOOTSTRAP_DISCOVERY): RbacPolicy {
  const roles = new Map(defaults.roles);
  const bindings: RoleBinding[] = [...defaults.bindings];
  for (const object of objects) {
    const kind = text(object, 'kind');
    if (text(object, 'apiVersion') !== 'rbac.authorization.k8s.io/v1') continue;
    const metadata = field(object, 'metadata');
    const name = text(metadata, 'name');
    const namespace = text(metadata, 'namespace');
    const what = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
    if (!name) throw new Error(`${what}: metadata.name is missing`);
    if (kind === 'ClusterRole' || kind === 'Role') {
      if (kind === 'Role' && !namespace) throw new Error(`${what}: a Role needs metadata.namespace`);
      const rules = list(field(object, 'rules')).map((rule, i) => policyRule(rule, `${what} rules[${i}]`));
      roles.set(kind === 'Role' ? roleKey(namespace, name) : clusterRoleKey(name), rules);
    } else if (kind === 'ClusterRoleBinding' || kind === 'RoleBinding') {
      if (kind === 'RoleBinding' && !namespace) throw new Error(`${what}: a RoleBinding needs metadata.namespace`);
      const ref = field(object, 'roleRef');
      const refKind = text(ref, 'kind');
      if ((refKind !== 'ClusterRole' && refKind !== 'Role') || !text(ref, 'name'))
        throw new Error(`${what}: roleRef needs kind (Role or ClusterRole) and name`);
      bindings.push({
        name,
        namespace: kind === 'RoleBinding' ? namespace : null,
        roleRef: { kind: refKind, name: text(ref, 'name') },
        subjects: list(field(object, 'subjects')).map((s, i) => subject(s, `${what} subjects[${i}]`)),
      });
    }
  }
  return { roles, bindings };
}

/**
 * What every authenticated user may read on a real cluster through the
 * bootstrap ClusterRole system:discovery: the discovery documents (so
 * kubectl and client libraries find the APIs) and the health paths. Not
 * `/version`: real clusters grant that too (system:discovery and
 * system:public-info-viewer), but the simulator leaves it to the roles it is
 * given, so a role that needs it has to say so.
 */
export const BOOTSTRAP_DISCOVERY: RbacPolicy = {
  roles: new Map([
    [
      clusterRoleKey('system:discovery'),
      [
        {
          verbs: ['get'],
          apiGroups: [],
          resources: [],
          resourceNames: [],
          nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*'],
        },
      ],
    ],
  ]),
  bindings: [
    {
      name: 'system:discovery',
      namespace: null,
      roleRef: { kind: 'ClusterRole', name: 'system:discovery' },
      subjects: [{ kind: 'Group', name: 'system:authenticated' }],
    },
  ],
};

function policyRule(value: unknown, what: string): PolicyRule {
  const rule = {
    verbs: strings(field(value, 'verbs'), `${what}.verbs`),
    apiGroups: strings(field(value, 'apiGroups'), `${what}.apiGroups`),
    resources: strings(field(value, 'resources'), `${what}.resources`),
    resourceNames: strings(field(value, 'resourceNames'), `${what}.resourceNames`),
    nonResourceURLs: strings(field(value, 'nonResourceURLs'), `${what}.nonResourceURLs`),
  };
  if (rule.verbs.length === 0) throw new Error(`${what}: verbs must not be empty`);
  // The API server's validation: a rule is about resources or about URLs, never both.
  if (rule.nonResourceURLs.length > 0 && (rule.resources.length > 0 || rule.apiGroups.length > 0))
    throw new Error(`${what}: nonResourceURLs cannot be mixed with apiGroups or resources`);
  return rule;
}

function subject(value: unknown, what: string): Subject {
  const kind = text(value, 'kind');
  const name = text(value, 'name');
  if ((kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount') || !name)
    throw new Error(`${what}: needs kind (User, Group or ServiceAccount) and name`);
  const namespace = text(value, 'namespace');
  return namespace ? { kind, name, namespace } : { kind, name };
}

const field = (value: unknown, name: string): unknown => (value !== null && typeof value === 'object' ? Reflect.get(value, name) : undefined);
const text = (value: unknown, name: string): string => {
  const found = field(value, name);
  return typeof found === 'string' ? found : '';
};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
function strings(value: unknown, what: string): string[] {
  const items = list(value);
  if (!items.every((v) => typeof v === 'string')) throw new Error(`${what}: must be a list of strings`);
  return items.filter((v): v is string => typeof v === 'string');
}
