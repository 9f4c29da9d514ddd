import { describe, expect, it } from 'vitest';
import { requestInfo } from './request-info';

const info = (method: string, url: string) => {
  const parsed = new URL(url, 'https://api');
  return requestInfo({ method, path: decodeURIComponent(parsed.pathname), query: parsed.searchParams });
};

describe('requestInfo (kube-apiserver RequestInfoFactory)', () => {
  it('reads collections, objects and the verb from the method and watch', () => {
    expect(info('GET', '/api/v1/nodes')).toMatchObject({ kind: 'resource', verb: 'list', group: '', resource: 'nodes', name: '', namespace: '' });
    expect(info('GET', '/api/v1/nodes?watch=true&resourceVersion=5')).toMatchObject({ verb: 'watch', resource: 'nodes' });
    expect(info('GET', '/api/v1/nodes?watch=false')).toMatchObject({ verb: 'list' });
    expect(info('GET', '/api/v1/nodes/n1')).toMatchObject({ verb: 'get', name: 'n1' });
    expect(info('DELETE', '/api/v1/nodes/n1')).toMatchObject({ verb: 'delete', name: 'n1' });
    expect(info('DELETE', '/api/v1/namespaces/a/pods')).toMatchObject({ verb: 'deletecollection', namespace: 'a', resource: 'pods' });
    expect(info('POST', '/api/v1/namespaces/a/pods')).toMatchObject({ verb: 'create' });
    expect(info('GET', '/apis/events.k8s.io/v1/namespaces/a/events')).toMatchObject({
      verb: 'list',
      group: 'events.k8s.io',
      version: 'v1',
      namespace: 'a',
      resource: 'events',
    });
  });

  it('reads namespaces as a resource and their status as a subresource', () => {
    expect(info('GET', '/api/v1/namespaces')).toMatchObject({ verb: 'list', resource: 'namespaces', namespace: '' });
    expect(info('GET', '/api/v1/namespaces/a')).toMatchObject({ verb: 'get', resource: 'namespaces', name: 'a', namespace: 'a' });
    expect(info('PUT', '/api/v1/namespaces/a/finalize')).toMatchObject({ verb: 'update', resource: 'namespaces', name: 'a', subresource: 'finalize' });
    expect(info('GET', '/api/v1/namespaces/a/pods/p/log')).toMatchObject({ resource: 'pods', name: 'p', subresource: 'log' });
  });

  it('names a service proxy by the whole [scheme:]name[:port] segment', () => {
    expect(info('GET', '/api/v1/namespaces/monitoring/services/https:prometheus-k8s:web/proxy/federate?match[]=up')).toEqual({
      kind: 'resource',
      verb: 'get',
      group: '',
      version: 'v1',
      namespace: 'monitoring',
      resource: 'services',
      subresource: 'proxy',
      name: 'https:prometheus-k8s:web',
    });
    // The old form: proxy is the verb, and there is no subresource.
    expect(info('GET', '/api/v1/proxy/namespaces/monitoring/services/prometheus-k8s:9090/federate')).toMatchObject({
      verb: 'proxy',
      resource: 'services',
      name: 'prometheus-k8s:9090',
      subresource: '',
    });
  });

  it('treats everything else as a non-resource request', () => {
    for (const path of ['/version', '/api', '/api/v1', '/apis', '/apis/events.k8s.io', '/apis/events.k8s.io/v1', '/healthz', '/metrics'])
      expect(info('GET', path)).toEqual({ kind: 'nonResource', verb: 'get', path });
  });
});
