import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forbiddenStatus } from './auth';
import type { ResourceRequest } from './request-info';

const resource = (request: Partial<ResourceRequest>): ResourceRequest => ({
  kind: 'resource',
  verb: 'get',
  group: '',
  version: 'v1',
  namespace: '',
  resource: '',
  subresource: '',
  name: '',
  ...request,
});

const FIXTURES = new URL('../../../test/fixtures/kube-apiserver-1.26/', import.meta.url);

describe('forbiddenStatus', () => {
  it('is the body a real kube-apiserver 1.26 sent for a denied list of nodes', () => {
    const recorded: unknown = JSON.parse(readFileSync(new URL('status-403-anonymous.json', FIXTURES), 'utf8'));
    expect(forbiddenStatus('system:anonymous', resource({ verb: 'list', resource: 'nodes' }))).toEqual(recorded);
  });

  it('names the namespace, the group and the object the way apiserver does', () => {
    expect(forbiddenStatus('bob', resource({ verb: 'watch', resource: 'events', group: 'events.k8s.io', namespace: 'prod' }))).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'events.events.k8s.io is forbidden: User "bob" cannot watch resource "events" in API group "events.k8s.io" in the namespace "prod"',
      details: { group: 'events.k8s.io', kind: 'events' },
    });
    expect(forbiddenStatus('bob', resource({ verb: 'get', resource: 'nodes', name: 'node-1' }))).toMatchObject({
      message: 'nodes "node-1" is forbidden: User "bob" cannot get resource "nodes" in API group "" at the cluster scope',
      details: { name: 'node-1', kind: 'nodes' },
    });
  });

  it('names a subresource after its resource, and a path for a non-resource request', () => {
    expect(
      forbiddenStatus(
        'system:serviceaccount:fleetscope:fleetscope-hub',
        resource({ resource: 'services', subresource: 'proxy', namespace: 'monitoring', name: 'grafana:http' }),
      ),
    ).toMatchObject({
      message:
        'services "grafana:http" is forbidden: User "system:serviceaccount:fleetscope:fleetscope-hub" cannot get resource "services/proxy" in API group "" in the namespace "monitoring"',
      details: { name: 'grafana:http', kind: 'services' },
    });
    expect(forbiddenStatus('bob', { kind: 'nonResource', verb: 'get', path: '/version' })).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'forbidden: User "bob" cannot get path "/version"',
      reason: 'Forbidden',
      details: {},
      code: 403,
    });
  });
});
