import type { RequestInfo } from './request-info';

/**
 * Kubernetes RBAC as kube-apiserver's authorizer evaluates it
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/,
 * k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go): pure functions
 * over roles and bindings, no I/O.
 */

/** One rule of a Role or ClusterRole. Empty lists match nothing, except `resourceNames` (empty: every name). */
export interface PolicyRule {
  verbs: readonly string[];
  apiGroups: readonly string[];
  /** Plural resources; `pods/log` names a subresource, `*` every resource, `*\/scale` a subresource of every resource. */
  resources: readonly string[];
  resourceNames: readonly string[];
  /** Paths of non-resource requests; a trailing `*` matches every path it begins; only ClusterRoles granted by a ClusterRoleBinding use them. */
  nonResourceURLs: readonly string[];
}

export interface RoleRef {
  kind: 'Role' | 'ClusterRole';
  name: string;
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  /** ServiceAccount only. */
  namespace?: string;
}

/** A RoleBinding (`namespace` set) or ClusterRoleBinding (`namespace` null). */
export interface RoleBinding {
  name: string;
  namespace: string | null;
  roleRef: RoleRef;
  subjects: readonly Subject[];
}

/** Roles and bindings of one cluster; roles are keyed `ClusterRole/NAME` or `Role/NAMESPACE/NAME`. */
export interface RbacPolicy {
  roles: ReadonlyMap<string, readonly PolicyRule[]>;
  bindings: readonly RoleBinding[];
}

/** Who asks: the authenticated user name and groups. */
export interface RbacUser {
  name: string;
  groups: readonly string[];
}

/** The group kube-apiserver lets do anything without asking an authorizer. */
export const SUPERUSER_GROUP = 'system:masters';

export const clusterRoleKey = (name: string) => `ClusterRole/${name}`;
export const roleKey = (namespace: string, name: string) => `Role/${namespace}/${name}`;

/** The user name a service account's tokens authenticate as. */
export const serviceAccountUserName = (namespace: string, name: string) => `system:serviceaccount:${namespace}:${name}`;

function subjectMatches(subject: Subject, user: RbacUser, bindingNamespace: string | null): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // A RoleBinding's ServiceAccount subject without a namespace means the binding's own.
      const namespace = subject.namespace || bindingNamespace;
      return namespace !== null && serviceAccountUserName(namespace, subject.name) === user.name;
    }
  }
}

const verbMatches = (rule: PolicyRule, verb: string) => rule.verbs.includes('*') || rule.verbs.includes(verb);
const groupMatches = (rule: PolicyRule, group: string) => rule.apiGroups.includes('*') || rule.apiGroups.includes(group);
const nameMatches = (rule: PolicyRule, name: string) => rule.resourceNames.length === 0 || rule.resourceNames.includes(name);

function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some((r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`));
}

function urlMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
}

/** Whether one rule allows the request (a resource rule never allows a non-resource request, nor the other way round). */
export function ruleAllows(rule: PolicyRule, request: RequestInfo): boolean {
  if (!verbMatches(rule, request.verb)) return false;
  if (request.kind === 'nonResource') return urlMatches(rule, request.path);
  return groupMatches(rule, request.group) && resourceMatches(rule, request.resource, request.subresource) && nameMatches(rule, request.name);
}

/**
 * Whether the policy allows the user's request: some binding names the user
 * (or a group of theirs) and its role has a rule that allows it. A
 * ClusterRoleBinding grants its rules everywhere; a RoleBinding only inside
 * its namespace, and never a non-resource URL. Members of `system:masters`
 * are allowed everything, as kube-apiserver does before asking RBAC. A
 * binding to a role that does not exist grants nothing.
 */
export function rbacAllows(policy: RbacPolicy, user: RbacUser, request: RequestInfo): boolean {
  if (user.groups.includes(SUPERUSER_GROUP)) return true;
  return policy.bindings.some((binding) => {
    if (binding.namespace !== null && (request.kind === 'nonResource' || request.namespace !== binding.namespace)) return false;
    if (!binding.subjects.some((s) => subjectMatches(s, user, binding.namespace))) return false;
    const key = binding.roleRef.kind === 'ClusterRole' ? clusterRoleKey(binding.roleRef.name) : roleKey(binding.namespace ?? '', binding.roleRef.name);
    return (policy.roles.get(key) ?? []).some((rule) => ruleAllows(rule, request));
  });
}
