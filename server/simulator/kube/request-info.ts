/**
 * What an API server request asks for, as kube-apiserver's RequestInfoFactory
 * reads it from the method and path (k8s.io/apiserver/pkg/endpoints/request):
 * the attributes every authorizer decides on, worked out before any handler
 * knows whether the resource exists.
 */
export type RequestInfo = ResourceRequest | NonResourceRequest;

/** A request of `/api/v1/...` or `/apis/GROUP/VERSION/...` that names a resource. */
export interface ResourceRequest {
  kind: 'resource';
  /** get, list, watch, create, update, patch, delete, deletecollection, proxy. */
  verb: string;
  /** '' for core. */
  group: string;
  version: string;
  /** '' at the cluster scope. */
  namespace: string;
  resource: string;
  /** e.g. `proxy` of `services/NAME/proxy/...`, `status`; '' when none. */
  subresource: string;
  /** The path segment after the resource, as it is: `https:prometheus-k8s:web` for a service proxy; '' when none. */
  name: string;
}

/** Anything else: discovery, /version, /healthz, /metrics. */
export interface NonResourceRequest {
  kind: 'nonResource';
  /** The HTTP method in lower case. */
  verb: string;
  path: string;
}

// Words of the path that are verbs (the old /api/v1/watch/... and /api/v1/proxy/... forms).
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
// Subresources of a namespace, not resources in it.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const METHOD_VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** The request's attributes; `path` is the decoded URL path, `query` its parameters. */
export function requestInfo(request: { method: string; path: string; query: URLSearchParams }): RequestInfo {
  const method = request.method.toUpperCase();
  const nonResource: NonResourceRequest = { kind: 'nonResource', verb: method.toLowerCase(), path: request.path };
  let parts = request.path
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter(Boolean);
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return nonResource;
  let group = '';
  if (parts[0] === 'apis') {
    if (parts.length < 4) return nonResource;
    group = parts[1]!;
    parts = parts.slice(2);
  } else parts = parts.slice(1);
  const version = parts[0]!;
  parts = parts.slice(1);
  let verb = METHOD_VERBS[method] ?? '';
  if (SPECIAL_VERBS.has(parts[0]!) && parts.length >= 2) {
    verb = parts[0]!;
    parts = parts.slice(1);
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1]!;
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  const name = parts[1] ?? '';
  const subresource = parts.length >= 3 && verb !== 'proxy' ? parts[2]! : '';
  if (name === '' && verb === 'get') {
    const watch = request.query.get('watch');
    verb = watch === null || watch.toLowerCase() === 'false' || watch === '0' ? 'list' : 'watch';
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';
  return { kind: 'resource', verb, group, version, namespace, resource, subresource, name };
}
