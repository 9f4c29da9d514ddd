import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { rbacAllows, type RbacUser } from './rbac';
import { rbacPolicyOf } from './rbac-objects';
import { requestInfo } from './request-info';

// The examples of https://kubernetes.io/docs/reference/access-authn-authz/rbac/.
const EXAMPLES = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {namespace: default, name: pod-reader}
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods, namespace: default}
subjects:
- kind: User
  name: jane
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-secrets, namespace: development}
subjects:
- kind: User
  name: dave
roleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: read-secrets-global}
subjects:
- kind: Group
  name: manager
roleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {namespace: default, name: pod-and-pod-logs-reader}
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: logs, namespace: default}
subjects:
- kind: ServiceAccount
  name: log-reader
roleRef: {kind: Role, name: pod-and-pod-logs-reader}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {namespace: default, name: configmap-updater}
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: ["my-configmap"]
  verbs: ["update", "get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: cm, namespace: default}
subjects:
- kind: ServiceAccount
  name: cm-updater
  namespace: default
roleRef: {kind: Role, name: configmap-updater}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: health-checker}
rules:
- nonResourceURLs: ["/healthz", "/healthz/*"]
  verbs: ["get", "post"]
- apiGroups: ["*"]
  resources: ["*/scale"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: health}
subjects:
- kind: Group
  name: checkers
roleRef: {kind: ClusterRole, name: health-checker}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: health-in-default, namespace: default}
subjects:
- kind: User
  name: erin
roleRef: {kind: ClusterRole, name: health-checker}
`;

const policy = rbacPolicyOf(parseAllDocuments(EXAMPLES).map((d): unknown => d.toJS()));
const user = (name: string, ...groups: string[]): RbacUser => ({ name, groups: [...groups, 'system:authenticated'] });
const allows = (who: RbacUser, method: string, url: string) => {
  const parsed = new URL(url, 'https://api');
  return rbacAllows(policy, who, requestInfo({ method, path: decodeURIComponent(parsed.pathname), query: parsed.searchParams }));
};

describe('rbacAllows on the RBAC documentation examples', () => {
  it('a Role grants its verbs on its resources in its namespace only', () => {
    const jane = user('jane');
    expect(allows(jane, 'GET', '/api/v1/namespaces/default/pods')).toBe(true);
    expect(allows(jane, 'GET', '/api/v1/namespaces/default/pods?watch=1')).toBe(true);
    expect(allows(jane, 'GET', '/api/v1/namespaces/default/pods/p1')).toBe(true);
    expect(allows(jane, 'DELETE', '/api/v1/namespaces/default/pods/p1')).toBe(false);
    expect(allows(jane, 'GET', '/api/v1/namespaces/other/pods')).toBe(false);
    expect(allows(jane, 'GET', '/api/v1/pods')).toBe(false);
    expect(allows(jane, 'GET', '/api/v1/namespaces/default/pods/p1/log')).toBe(false);
    expect(allows(jane, 'GET', '/apis/apps/v1/namespaces/default/pods')).toBe(false);
    expect(allows(user('bob'), 'GET', '/api/v1/namespaces/default/pods')).toBe(false);
  });

  it('a RoleBinding to a ClusterRole grants it in the binding namespace; a ClusterRoleBinding everywhere', () => {
    expect(allows(user('dave'), 'GET', '/api/v1/namespaces/development/secrets')).toBe(true);
    expect(allows(user('dave'), 'GET', '/api/v1/namespaces/default/secrets')).toBe(false);
    expect(allows(user('dave'), 'GET', '/api/v1/secrets')).toBe(false);
    expect(allows(user('mia', 'manager'), 'GET', '/api/v1/secrets')).toBe(true);
    expect(allows(user('mia', 'manager'), 'GET', '/api/v1/namespaces/default/secrets/s?')).toBe(true);
  });

  it('a subresource is its own resource: pods/log', () => {
    const sa = user('system:serviceaccount:default:log-reader');
    expect(allows(sa, 'GET', '/api/v1/namespaces/default/pods/p1/log')).toBe(true);
    expect(allows(sa, 'GET', '/api/v1/namespaces/default/pods/p1/exec')).toBe(false);
    expect(allows(user('system:serviceaccount:other:log-reader'), 'GET', '/api/v1/namespaces/default/pods')).toBe(false);
  });

  it('resourceNames limit a rule to the objects named, and allow no list', () => {
    const sa = user('system:serviceaccount:default:cm-updater');
    expect(allows(sa, 'GET', '/api/v1/namespaces/default/configmaps/my-configmap')).toBe(true);
    expect(allows(sa, 'PUT', '/api/v1/namespaces/default/configmaps/my-configmap')).toBe(true);
    expect(allows(sa, 'GET', '/api/v1/namespaces/default/configmaps/other')).toBe(false);
    expect(allows(sa, 'GET', '/api/v1/namespaces/default/configmaps')).toBe(false);
  });

  it('nonResourceURLs match exactly or by a trailing *, and only through a ClusterRoleBinding', () => {
    const checker = user('sam', 'checkers');
    expect(allows(checker, 'GET', '/healthz')).toBe(true);
    expect(allows(checker, 'POST', '/healthz/etcd')).toBe(true);
    expect(allows(checker, 'GET', '/healthzz')).toBe(false);
    expect(allows(checker, 'PUT', '/healthz')).toBe(false);
    expect(allows(user('erin'), 'GET', '/healthz/etcd')).toBe(false);
  });

  it('*/scale is the scale subresource of every resource', () => {
    expect(allows(user('sam', 'checkers'), 'GET', '/apis/apps/v1/namespaces/a/deployments/d/scale')).toBe(true);
    expect(allows(user('sam', 'checkers'), 'GET', '/apis/apps/v1/namespaces/a/deployments/d')).toBe(false);
    expect(allows(user('erin'), 'GET', '/apis/apps/v1/namespaces/default/deployments/d/scale')).toBe(true);
    expect(allows(user('erin'), 'GET', '/apis/apps/v1/namespaces/other/deployments/d/scale')).toBe(false);
  });

  it('every authenticated user reads discovery; system:masters may do anything', () => {
    expect(allows(user('nobody'), 'GET', '/apis/events.k8s.io/v1')).toBe(true);
    expect(allows(user('nobody'), 'GET', '/api')).toBe(true);
    expect(allows({ name: 'anonymous', groups: [] }, 'GET', '/api')).toBe(false);
    expect(allows(user('nobody'), 'GET', '/version')).toBe(false);
    expect(allows(user('kubernetes-admin', 'system:masters'), 'DELETE', '/api/v1/nodes/n1')).toBe(true);
  });

  it('refuses a malformed rule, naming it', () => {
    expect(() =>
      rbacPolicyOf([
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'x' },
          rules: [{ verbs: ['get'], apiGroups: [''], nonResourceURLs: ['/x'] }],
        },
      ]),
    ).toThrow('ClusterRole x rules[0]: nonResourceURLs cannot be mixed with apiGroups or resources');
  });
});
