import http from 'node:http';

export type WatchedResource = 'events' | 'nodes';

/** A request the fake API server received, as the informer sent it. */
export interface FakeKubeRequest {
  resource: WatchedResource | null;
  watch: boolean;
  /** The resourceVersion a watch asked to start from. */
  resourceVersion: string | null;
}

export interface FakeKubeApi {
  url: string;
  requests: FakeKubeRequest[];
  lists(resource: WatchedResource): number;
  watches(resource: WatchedResource): FakeKubeRequest[];
  close(): Promise<void>;
}

/** The resourceVersion every list answers. */
export const LIST_RESOURCE_VERSION = '10';

/** A core/v1 Event as the API server writes it. */
export function kubeEvent(name: string, resourceVersion: string, reason = 'BackOff'): object {
  return {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion },
    involvedObject: { kind: 'Pod', name, namespace: 'default' },
    reason,
    message: `${reason} of ${name}`,
    type: 'Warning',
    count: 1,
    lastTimestamp: new Date().toISOString(),
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/**
 * A loopback API server (plain HTTP, any token) without events.k8s.io/v1:
 * /version, empty node and event lists at resourceVersion 10, and watches
 * answered by `watch` — the part a test makes hostile. Records every request.
 */
export async function startFakeKubeApi(watch: (resource: WatchedResource, req: FakeKubeRequest, res: http.ServerResponse) => void): Promise<FakeKubeApi> {
  const requests: FakeKubeRequest[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const resource: WatchedResource | null = url.pathname === '/api/v1/events' ? 'events' : url.pathname === '/api/v1/nodes' ? 'nodes' : null;
    const request: FakeKubeRequest = { resource, watch: url.searchParams.get('watch') === 'true', resourceVersion: url.searchParams.get('resourceVersion') };
    requests.push(request);
    if (url.pathname === '/version') return json(res, 200, { major: '1', minor: '31', gitVersion: 'v1.31.2', platform: 'linux/amd64' });
    if (!resource) return json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
    if (!request.watch)
      return json(res, 200, {
        kind: resource === 'events' ? 'EventList' : 'NodeList',
        apiVersion: 'v1',
        metadata: { resourceVersion: LIST_RESOURCE_VERSION },
        items: [],
      });
    open.add(res);
    res.on('close', () => open.delete(res));
    watch(resource, request, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    lists: (resource) => requests.filter((r) => r.resource === resource && !r.watch).length,
    watches: (resource) => requests.filter((r) => r.resource === resource && r.watch),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
