import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forbiddenStatus } from './auth';

const FIXTURES = new URL('../../../test/fixtures/kube-apiserver-1.26/', import.meta.url);

describe('forbiddenStatus', () => {
  it('is the body a real kube-apiserver 1.26 sent for a denied list of nodes', () => {
    const recorded: unknown = JSON.parse(readFileSync(new URL('status-403-anonymous.json', FIXTURES), 'utf8'));
    expect(forbiddenStatus('system:anonymous', { verb: 'list', resource: 'nodes', group: '', namespace: null, name: null })).toEqual(recorded);
  });

  it('names the namespace, the group and the object the way apiserver does', () => {
    expect(forbiddenStatus('bob', { verb: 'watch', resource: 'events', group: 'events.k8s.io', namespace: 'prod', name: null })).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'events.events.k8s.io is forbidden: User "bob" cannot watch resource "events" in API group "events.k8s.io" in the namespace "prod"',
      details: { group: 'events.k8s.io', kind: 'events' },
    });
    expect(forbiddenStatus('bob', { verb: 'get', resource: 'nodes', group: '', namespace: null, name: 'node-1' })).toMatchObject({
      message: 'nodes "node-1" is forbidden: User "bob" cannot get resource "nodes" in API group "" at the cluster scope',
      details: { name: 'node-1', kind: 'nodes' },
    });
  });
});
