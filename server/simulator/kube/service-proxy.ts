import http from 'node:http';
import { kubeStatus, type KubeStatus } from './types';

/** A Service the simulated API server can proxy to (`/api/v1/namespaces/NS/services/[scheme:]NAME[:PORT]/proxy/...`). */
export interface ProxiedService {
  namespace: string;
  name: string;
  /** Named ports; the first is used when the request names none. */
  ports: ReadonlyArray<{ name: string; port: number }>;
  /** Where the Service's endpoint answers (plain HTTP); asked per request, as it may move. */
  endpoint(): { host: string; port: number };
}

// kube-apiserver's proxy path: the segment after services/ is [scheme:]name[:port] (k8s.io/apimachinery/pkg/util/net.SplitSchemeNamePort).
const PROXY_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/proxy(\/.*)?$/;

/** True for a path the service proxy answers. */
export const isServiceProxyPath = (pathname: string) => PROXY_PATH.test(pathname);

function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | null {
  const parts = id.split(':');
  const [scheme, name, port] = parts.length === 3 ? parts : parts.length === 2 ? ['', parts[0], parts[1]] : parts.length === 1 ? ['', parts[0], ''] : [];
  if (!name || (scheme !== '' && scheme !== 'http' && scheme !== 'https')) return null;
  return { scheme: scheme ?? '', name, port: port ?? '' };
}

/**
 * Forwards a GET to the Service's endpoint as kube-apiserver's service proxy
 * does (without the caller's credentials), or answers the Status the real
 * server gives: 404 for an unknown Service, 503 for a port it lacks or an
 * endpoint it cannot reach. Only plain HTTP endpoints: `https:` gets the
 * 503 a TLS handshake with a plain server ends in.
 */
export function proxyToService(options: {
  services: readonly ProxiedService[];
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** Path and query as sent. */
  url: URL;
  send: (status: number, body: KubeStatus) => void;
}): void {
  const { url, res, send } = options;
  const match = PROXY_PATH.exec(url.pathname);
  const id = splitSchemeNamePort(decodeURIComponent(match?.[2] ?? ''));
  const namespace = decodeURIComponent(match?.[1] ?? '');
  if (!id) return send(400, kubeStatus(400, 'BadRequest', `invalid service request "${match?.[2] ?? ''}"`));
  const service = options.services.find((s) => s.namespace === namespace && s.name === id.name);
  if (!service) return send(404, kubeStatus(404, 'NotFound', `services "${id.name}" not found`, { name: id.name, kind: 'services' }));
  const port = id.port === '' ? service.ports[0] : service.ports.find((p) => p.name === id.port || String(p.port) === id.port);
  if (!port) return send(503, kubeStatus(503, 'ServiceUnavailable', `no service port "${id.port}" found for service "${id.name}"`));
  if (id.scheme === 'https')
    return send(503, kubeStatus(503, 'ServiceUnavailable', 'error trying to reach service: tls: first record does not look like a TLS handshake'));
  const upstream = http.request(
    {
      ...service.endpoint(),
      method: 'GET',
      path: `${match?.[3] ?? '/'}${url.search}`,
      headers: { accept: options.req.headers.accept ?? '*/*', 'accept-encoding': options.req.headers['accept-encoding'] ?? 'identity' },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) send(503, kubeStatus(503, 'ServiceUnavailable', `error trying to reach service: ${error.message}`));
    else res.destroy();
  });
  res.on('close', () => upstream.destroy());
  upstream.end();
}
