/**
 * Legacy discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/events.k8s.io/v1`),
 * trimmed to what the simulator serves; entries copied from the recorded
 * kube-apiserver 1.26 answers. Clients that ask for aggregated discovery get
 * these too and fall back, as they do with any server that lacks it.
 * `secrets` and `services` are listed so kubectl can name them (and meet
 * RBAC's 403) though the store keeps none; `services/proxy` is served for the
 * simulated Prometheus. Services leave out the `all` category, so `kubectl
 * get all` asks only for what is stored.
 */
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

const EVENTS_GROUP = {
  name: 'events.k8s.io',
  versions: [{ groupVersion: 'events.k8s.io/v1', version: 'v1' }],
  preferredVersion: { groupVersion: 'events.k8s.io/v1', version: 'v1' },
};

export function apiGroupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [EVENTS_GROUP] };
}

export function eventsApiGroup() {
  return { kind: 'APIGroup', apiVersion: 'v1', ...EVENTS_GROUP };
}

export function coreV1Resources() {
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: VERBS, shortNames: ['ev'], storageVersionHash: 'r2yiGXH7wu8=' },
      {
        name: 'namespaces',
        singularName: 'namespace',
        namespaced: false,
        kind: 'Namespace',
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['ns'],
        storageVersionHash: 'Q3oi5N2YM8M=',
      },
      { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: VERBS, shortNames: ['no'], storageVersionHash: 'XwShjMxG9Fs=' },
      {
        name: 'pods',
        singularName: 'pod',
        namespaced: true,
        kind: 'Pod',
        verbs: VERBS,
        shortNames: ['po'],
        categories: ['all'],
        storageVersionHash: 'xPOwRZ+Yhw8=',
      },
      { name: 'secrets', singularName: 'secret', namespaced: true, kind: 'Secret', verbs: VERBS, storageVersionHash: 'S6u1pOWzb84=' },
      { name: 'services', singularName: 'service', namespaced: true, kind: 'Service', verbs: VERBS, shortNames: ['svc'], storageVersionHash: '0/CO1lhkEBI=' },
      { name: 'services/proxy', singularName: '', namespaced: true, kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    ],
  };
}

export function eventsV1Resources() {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'events.k8s.io/v1',
    resources: [
      { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: VERBS, shortNames: ['ev'], storageVersionHash: 'r2yiGXH7wu8=' },
    ],
  };
}
