import type http from 'node:http';
import type { KubeAuth } from './auth';
import { apiGroupList, apiVersions, coreV1Resources, eventsApiGroup, eventsV1Resources } from './discovery';
import { toEventsV1 } from './objects';
import { requestInfo } from './request-info';
import { fieldSelector, labelSelector, type Matcher } from './selectors';
import { isServiceProxyPath, proxyToService, type ProxiedService } from './service-proxy';
import { objectKey, type KubeStore, type StoreChange } from './store';
import { toTable, wantsTable, type IncludeObject } from './table';
import { sendBody } from '../faults';
import { kubeStatus, type KubeObject, type Resource } from './types';

export interface KubeApiOptions {
  store: KubeStore;
  /** The /version answer (asked per request: the control plane can be upgraded). */
  version(): Record<string, string>;
  /** Who may ask: the bearer token (it can rotate), client certificates of the cluster CA, forbidden users, RBAC. */
  auth: KubeAuth;
  /** Services reachable through the service proxy (`/api/v1/namespaces/NS/services/NAME:PORT/proxy/...`). */
  services?: readonly ProxiedService[];
  /** host:port clients reach the server on (discovery's serverAddressByClientCIDRs). */
  serverAddress(): string;
  now(): number;
  /** False: the server does not serve events.k8s.io/v1 (404, as a cluster older than 1.19), only core/v1 events. */
  eventsV1?: boolean;
  /** Interval of BOOKMARK events on watches that allow them (the real server: about a minute). */
  bookmarkIntervalMs?: number;
  /** Told of every request once its status is known (watches: when they start). */
  onRequest?(entry: RequestLogEntry): void;
  /** True while answers must be cut off halfway (the `truncated` fault): a list loses its end, a watch its first line. */
  truncate?(): boolean;
}

/** One request the simulated API server answered. */
export interface RequestLogEntry {
  method: string;
  /** Path and query as sent. */
  url: string;
  status: number;
  watch: boolean;
  /** The authenticated user name; null when the request was not authenticated (or not asked to be: health). */
  user: string | null;
}

/** Which API a request addressed: the group/version decides the object's shape. */
interface View {
  resource: Resource;
  kind: string;
  apiVersion: 'v1' | 'events.k8s.io/v1';
  namespaced: boolean;
}

const CORE: Record<string, View> = {
  nodes: { resource: 'nodes', kind: 'Node', apiVersion: 'v1', namespaced: false },
  namespaces: { resource: 'namespaces', kind: 'Namespace', apiVersion: 'v1', namespaced: false },
  pods: { resource: 'pods', kind: 'Pod', apiVersion: 'v1', namespaced: true },
  events: { resource: 'events', kind: 'Event', apiVersion: 'v1', namespaced: true },
};
const EVENTS_V1: View = { resource: 'events', kind: 'Event', apiVersion: 'events.k8s.io/v1', namespaced: true };

interface Route {
  view: View;
  namespace: string | null;
  name: string | null;
}

/** Parses `/api/v1/...` and `/apis/events.k8s.io/v1/...` resource paths; null for anything else. */
function route(pathname: string): Route | null {
  let rest: string[];
  let views: Record<string, View>;
  if (pathname.startsWith('/api/v1/')) {
    rest = pathname.slice('/api/v1/'.length).split('/');
    views = CORE;
  } else if (pathname.startsWith('/apis/events.k8s.io/v1/')) {
    rest = pathname.slice('/apis/events.k8s.io/v1/'.length).split('/');
    views = { events: EVENTS_V1 };
  } else return null;
  rest = rest.filter(Boolean).map(decodeURIComponent);
  const view = (name: string | undefined) => (name !== undefined && Object.hasOwn(views, name) ? views[name]! : null);
  if (rest.length === 1) {
    const v = view(rest[0]);
    return v ? { view: v, namespace: null, name: null } : null;
  }
  if (rest.length === 2) {
    const v = view(rest[0]);
    return v && !v.namespaced ? { view: v, namespace: null, name: rest[1]! } : null;
  }
  if (rest[0] === 'namespaces' && (rest.length === 3 || rest.length === 4)) {
    const v = view(rest[2]);
    return v?.namespaced ? { view: v, namespace: rest[1]!, name: rest[3] ?? null } : null;
  }
  return null;
}

/** The URL path with its escapes decoded, as Go's URL.Path is (a malformed escape is left as it is). */
function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/** Bytes a watch may have queued for a client that does not read before the server ends it. */
const MAX_WATCH_BUFFER = 8 * 1024 * 1024;

/** The object as this view shows it; `withKind` for single objects and watch events (list items carry none). */
function present(view: View, object: KubeObject, withKind: boolean): KubeObject {
  const shaped = view.apiVersion === 'events.k8s.io/v1' ? toEventsV1(object) : object;
  if (!withKind) {
    const { kind: _kind, apiVersion: _apiVersion, ...rest } = shaped;
    return rest;
  }
  return { kind: view.kind, apiVersion: view.apiVersion, ...shaped };
}

interface ContinueToken {
  rv: number;
  start: string;
}

// The API server's continue token: base64url (no padding) of {"v":"meta.k8s.io/v1","rv":N,"start":"KEY\u0000"}.
function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

function decodeContinue(text: string): ContinueToken | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!parsed || typeof parsed !== 'object') return null;
    const v: unknown = Reflect.get(parsed, 'v');
    const rv: unknown = Reflect.get(parsed, 'rv');
    const start: unknown = Reflect.get(parsed, 'start');
    if (v !== 'meta.k8s.io/v1' || typeof rv !== 'number' || typeof start !== 'string') return null;
    return { rv, start };
  } catch {
    return null;
  }
}

/** Serves the Kubernetes REST and watch API for one simulated cluster from its store. */
export function createKubeApi(options: KubeApiOptions): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { store } = options;
  const cut = () => options.truncate?.() ?? false;
  const send = (res: http.ServerResponse, status: number, body: unknown) =>
    sendBody(res, status, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' }, JSON.stringify(body), cut());

  return (req, res) => {
    // Watches are told when their stream starts (serveWatch); everything else (and refused watches) when answered.
    const isWatch = /[?&]watch=(1|true)(&|$)/.test(req.url ?? '');
    let userName: string | null = null;
    let logged = false;
    const log = (status: number) => {
      if (logged) return;
      logged = true;
      options.onRequest?.({ method: req.method ?? 'GET', url: req.url ?? '/', status, watch: isWatch, user: userName });
    };
    res.once('finish', () => log(res.statusCode));
    const url = new URL(req.url ?? '/', 'https://sim');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
      return;
    }
    const user = options.auth.authenticate(req);
    if (!user) return send(res, 401, kubeStatus(401, 'Unauthorized', 'Unauthorized'));
    userName = user.name;
    // As kube-apiserver does: authorize what the path asks for before anything looks at whether it exists.
    const info = requestInfo({ method: req.method ?? 'GET', path: decodedPath(url.pathname), query: url.searchParams });
    const denied = options.auth.authorize(user, info);
    if (denied) return send(res, 403, denied);
    if (req.method !== 'GET') return send(res, 405, kubeStatus(405, 'MethodNotAllowed', `the simulator serves reads only; ${req.method} is not allowed`));

    const eventsV1 = options.eventsV1 ?? true;
    if (!eventsV1 && (path === '/apis/events.k8s.io' || path.startsWith('/apis/events.k8s.io/')))
      return send(res, 404, kubeStatus(404, 'NotFound', 'the server could not find the requested resource'));
    switch (path) {
      case '/version':
        return send(res, 200, options.version());
      case '/api':
        return send(res, 200, apiVersions(options.serverAddress()));
      case '/apis':
        return send(res, 200, eventsV1 ? apiGroupList() : { ...apiGroupList(), groups: [] });
      case '/api/v1':
        return send(res, 200, coreV1Resources());
      case '/apis/events.k8s.io':
        return send(res, 200, eventsApiGroup());
      case '/apis/events.k8s.io/v1':
        return send(res, 200, eventsV1Resources());
    }
    if (isServiceProxyPath(url.pathname))
      return proxyToService({ services: options.services ?? [], req, res, url, send: (status, body) => send(res, status, body) });
    const target = route(path);
    if (!target) return send(res, 404, kubeStatus(404, 'NotFound', 'the server could not find the requested resource'));
    const table = wantsTable(req.headers.accept);
    const includeObject = (['None', 'Metadata', 'Object'] as const).find((v) => v === url.searchParams.get('includeObject')) ?? 'Metadata';

    if (target.name !== null) return getOne(res, target, table, includeObject);

    const fields = fieldSelector(target.view.resource, url.searchParams.get('fieldSelector'));
    if (!fields.ok) return send(res, 400, kubeStatus(400, 'BadRequest', fields.message));
    const labels = labelSelector(url.searchParams.get('labelSelector'));
    if (!labels.ok) return send(res, 400, kubeStatus(400, 'BadRequest', labels.message));
    const namespace = target.namespace;
    const match: Matcher = (o) => (namespace === null || o.metadata.namespace === namespace) && fields.match(o) && labels.match(o);
    const selective = !!(url.searchParams.get('fieldSelector') || url.searchParams.get('labelSelector') || namespace);
    if (isWatch) return serveWatch(req, res, { log, view: target.view, match, params: url.searchParams, table, includeObject });
    return serveList(res, { view: target.view, match, selective, params: url.searchParams, table, includeObject });
  };

  function getOne(res: http.ServerResponse, target: Route, table: boolean, includeObject: IncludeObject): void {
    const key = target.namespace ? `${target.namespace}/${target.name}` : target.name!;
    const object = store.get(target.view.resource, key);
    if (!object) {
      return send(
        res,
        404,
        kubeStatus(404, 'NotFound', `${target.view.resource} "${target.name}" not found`, {
          name: target.name,
          ...(target.view.apiVersion === 'v1' ? {} : { group: 'events.k8s.io' }),
          kind: target.view.resource,
        }),
      );
    }
    const shown = present(target.view, object, true);
    if (table)
      return send(
        res,
        200,
        toTable(target.view.resource, [object], {
          nowMs: options.now(),
          listMeta: { resourceVersion: object.metadata.resourceVersion },
          includeObject,
          shape: (o) => present(target.view, o, true),
        }),
      );
    send(res, 200, shown);
  }

  function serveList(
    res: http.ServerResponse,
    ctx: { view: View; match: Matcher; selective: boolean; params: URLSearchParams; table: boolean; includeObject: IncludeObject },
  ): void {
    const { view, params } = ctx;
    let listRv = store.resourceVersion;
    let startAfter: string | null = null;
    const continueText = params.get('continue');
    if (continueText) {
      const token = decodeContinue(continueText);
      if (!token)
        return send(res, 400, kubeStatus(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
      if (token.rv < store.compactedRevision) {
        return send(
          res,
          410,
          kubeStatus(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          ),
        );
      }
      listRv = token.rv;
      startAfter = token.start;
    } else {
      const rvParam = params.get('resourceVersion');
      const rvMatch = params.get('resourceVersionMatch');
      if (rvParam && rvMatch === 'Exact' && Number(rvParam) < store.compactedRevision) {
        return send(res, 410, kubeStatus(410, 'Expired', 'The resourceVersion for the provided list is too old.'));
      }
    }
    let items = store.list(view.resource).filter(ctx.match);
    if (startAfter !== null) items = items.filter((o) => objectKey(o) >= startAfter);
    const limit = Number(params.get('limit') ?? 0);
    // Served from the watch cache, a list at resourceVersion=0 ignores limit, as the real server does.
    const paged = limit > 0 && !(params.get('resourceVersion') === '0' && !continueText);
    const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
    if (paged && items.length > limit) {
      const remaining = items.length - limit;
      items = items.slice(0, limit);
      meta.continue = encodeContinue({ rv: listRv, start: `${objectKey(items.at(-1)!)}\u0000` });
      if (!ctx.selective) meta.remainingItemCount = remaining;
    }
    if (ctx.table) {
      return send(
        res,
        200,
        toTable(view.resource, items, { nowMs: options.now(), listMeta: meta, includeObject: ctx.includeObject, shape: (o) => present(view, o, true) }),
      );
    }
    send(res, 200, { kind: `${view.kind}List`, apiVersion: view.apiVersion, metadata: meta, items: items.map((o) => present(view, o, false)) });
  }

  function serveWatch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    ctx: { log(status: number): void; view: View; match: Matcher; params: URLSearchParams; table: boolean; includeObject: IncludeObject },
  ): void {
    const { view, params } = ctx;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    ctx.log(200);
    const timers: NodeJS.Timeout[] = [];
    let unregister = () => {};
    function finish() {
      unregister();
      for (const t of timers) clearTimeout(t);
      if (!res.writableEnded) res.end();
    }
    // A watcher that stops reading is cut off rather than buffered without bound (the real server does the same).
    const truncated = cut();
    const line = (type: string, object: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      const text = `${JSON.stringify({ type, object })}\n`;
      if (truncated) {
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
        return;
      }
      res.write(text);
      if (res.writableLength > MAX_WATCH_BUFFER) finish();
    };
    const emit = (type: string, object: KubeObject) => {
      if (!ctx.table) return line(type, present(view, object, true));
      line(
        type,
        toTable(view.resource, [object], {
          nowMs: options.now(),
          listMeta: { resourceVersion: object.metadata.resourceVersion },
          includeObject: ctx.includeObject,
          shape: (o) => present(view, o, true),
        }),
      );
    };
    const deliver = (change: StoreChange) => {
      const now = change.type !== 'DELETED' && ctx.match(change.object);
      const before = change.previous !== null && ctx.match(change.previous);
      if (change.type === 'DELETED') {
        if (before) emit('DELETED', change.object);
      } else if (now && before) emit('MODIFIED', change.object);
      else if (now) emit('ADDED', change.object);
      else if (before) emit('DELETED', change.object);
    };

    const rvParam = params.get('resourceVersion');
    if (!rvParam || rvParam === '0') {
      for (const object of store.list(view.resource)) if (ctx.match(object)) emit('ADDED', object);
    } else {
      const changes = Number.isFinite(Number(rvParam)) ? store.changesSince(view.resource, Number(rvParam)) : null;
      if (!changes) {
        line('ERROR', kubeStatus(410, 'Expired', 'The resourceVersion for the provided watch is too old.'));
        res.end();
        return;
      }
      for (const change of changes) deliver(change);
    }
    if (res.writableEnded) return;

    const bookmarks = params.get('allowWatchBookmarks') === 'true';
    const bookmark = () =>
      line('BOOKMARK', { kind: view.kind, apiVersion: view.apiVersion, metadata: { resourceVersion: String(store.resourceVersion), creationTimestamp: null } });
    const timeoutSeconds = Number(params.get('timeoutSeconds') ?? 0);
    unregister = store.watch({ resource: view.resource, send: deliver, end: finish });
    if (bookmarks) {
      const every = options.bookmarkIntervalMs ?? 60_000;
      const timer = setInterval(bookmark, every);
      timer.unref();
      timers.push(timer);
    }
    const timeoutMs = (timeoutSeconds > 0 ? timeoutSeconds : 1800) * 1000;
    const end = setTimeout(() => {
      if (bookmarks) bookmark();
      finish();
    }, timeoutMs);
    end.unref();
    timers.push(end);
    req.on('close', finish);
    res.on('close', finish);
  }
}
