import type { SourceError } from '../../../shared/errors';
import type { NodeInfo } from '../../../shared/nodes';
import { createPoller } from '../poller';
import type { ObservedEvent, SourceResult, VersionInfo } from '../../fleet/inputs';
import type { WatchedResource } from '../../fleet/watches';
import type { SourceWorker } from '../types';
import { createBackoff, REFLECTOR_BACKOFF, type BackoffOptions } from './backoff';
import { createInformer, type Informer, type InformerOptions } from './informer';
import type { ClusterKubeConfig } from './kubeconfig';
import { normalizeEvent } from './normalize-event';
import { normalizeNode } from './normalize-node';
import { field } from './object-fields';
import { kubeGet } from './request';
import { fetchVersion } from './version';

/** Where a cluster's Kubernetes source delivers; the composition root wires it to the fleet. */
export interface KubeSink {
  /** Reachability of the API server: ok, or the first failing part (events, nodes, version) with its kind. */
  status(result: SourceResult<null>): void;
  version(cluster: string, version: VersionInfo): void;
  /** The full current node list, sorted by name. */
  nodes(cluster: string, nodes: readonly NodeInfo[]): void;
  /** Event objects listed or watched (repeats and relists included: the fleet's ring merges them). */
  events(cluster: string, observed: readonly ObservedEvent[]): void;
  /** A watch listed again because it could not go on, at `at`, and why ("410 Gone"). */
  relisted(cluster: string, relist: { resource: WatchedResource; at: number; reason: string }): void;
  /** A line of a watch stream was not a watch event (the bad_response itself comes through `status`). */
  badLine(cluster: string, resource: WatchedResource): void;
}

export interface KubeSourceSettings {
  versionInterval: number;
  requestTimeout: number;
  watchIdleTimeout: number;
}

export interface KubeClusterSourceOptions {
  cluster: string;
  config: ClusterKubeConfig;
  settings: KubeSourceSettings;
  sink: KubeSink;
  /** Debug breadcrumbs (relists, resumes, which events API). */
  note?: (message: string) => void;
  /** Default REFLECTOR_BACKOFF, for the watches and the events API discovery. */
  backoff?: Pick<BackoffOptions, 'initialMs' | 'maxMs' | 'resetAfterMs'>;
  now?: () => number;
}

type Part = 'events' | 'nodes' | 'version';

/**
 * One cluster's Kubernetes API: an event watch (events.k8s.io/v1 where
 * served, core/v1 otherwise), a node watch and a slow /version poll, each
 * with its own connection, so nothing here waits on another cluster.
 */
export function createKubeClusterSource(options: KubeClusterSourceOptions): SourceWorker {
  const { cluster, config, settings, sink } = options;
  const now = options.now ?? Date.now;
  const kc = config.kc;
  const parts = new Map<Part, SourceError | null>();
  let started = false;
  let stopped = false;
  let eventsInformer: Informer | null = null;
  let discoveryTimer: NodeJS.Timeout | null = null;
  // The first round waits for the first try at the events API, not for it to come back.
  let firstEventsTry: () => void = () => {};
  const firstEventsTried = new Promise<void>((resolve) => (firstEventsTry = resolve));

  const report = (part: Part, error: SourceError | null, durationMs: number) => {
    parts.set(part, error);
    const failing = [...parts.entries()].find(([, e]) => e !== null);
    const at = now();
    if (failing && failing[1])
      sink.status({ cluster, at, durationMs, ok: false, error: { kind: failing[1].kind, message: `${failing[0]}: ${failing[1].message}` } });
    else sink.status({ cluster, at, durationMs, ok: true, data: null });
  };

  /** What both watches share: the connection settings, and where their relists and bad lines go. */
  const watchOf = (resource: WatchedResource): Omit<InformerOptions, 'path' | 'onList' | 'onChange'> => ({
    kc,
    requestTimeoutMs: settings.requestTimeout,
    idleTimeoutMs: settings.watchIdleTimeout,
    backoff: options.backoff,
    now,
    onStatus: (s) => report(resource, s.ok ? null : s.error, s.durationMs),
    onRelist: (reason) => sink.relisted(cluster, { resource, at: now(), reason }),
    onBadLine: () => sink.badLine(cluster, resource),
    onNote: options.note,
  });

  const nodes = new Map<string, NodeInfo>();
  const publishNodes = () =>
    sink.nodes(
      cluster,
      [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name)),
    );
  const nodesInformer = createInformer({
    ...watchOf('nodes'),
    path: '/api/v1/nodes',
    onList(items) {
      nodes.clear();
      for (const item of items) {
        const node = normalizeNode(item);
        if (node) nodes.set(node.name, node);
      }
      publishNodes();
    },
    onChange(type, object) {
      const node = normalizeNode(object);
      if (!node) return;
      if (type === 'DELETED') nodes.delete(node.name);
      else {
        // Most node updates are kubelet heartbeats: nothing fleetscope shows changed, so nothing is published.
        const previous = nodes.get(node.name);
        if (previous && JSON.stringify(previous) === JSON.stringify(node)) return;
        nodes.set(node.name, node);
      }
      publishNodes();
    },
  });

  const observe = (objects: readonly unknown[]) => {
    const observed: ObservedEvent[] = [];
    for (const object of objects) {
      const one = normalizeEvent(cluster, object);
      if (one) observed.push(one);
    }
    if (observed.length) sink.events(cluster, observed);
  };

  const discoveryBackoff = createBackoff({ ...REFLECTOR_BACKOFF, ...options.backoff, now });
  /** events.k8s.io/v1 when the server serves it, else core/v1; retried with back-off while the server cannot say. */
  async function eventsPath(): Promise<string | null> {
    const startedAt = now();
    const answer = await kubeGet(kc, '/apis/events.k8s.io/v1', { timeoutMs: settings.requestTimeout, maxBytes: 4 * 1024 * 1024 });
    if (answer.ok) {
      const resources = field(answer.body, 'resources');
      const served = Array.isArray(resources) && resources.some((r) => field(r, 'name') === 'events');
      return served ? '/apis/events.k8s.io/v1/events' : '/api/v1/events';
    }
    if (answer.status === 404) return '/api/v1/events';
    report('events', answer.error, now() - startedAt);
    firstEventsTry();
    if (stopped) return null;
    await new Promise<void>((resolve) => {
      discoveryTimer = setTimeout(resolve, discoveryBackoff.next());
    });
    return stopped ? null : eventsPath();
  }

  async function startEvents(): Promise<void> {
    const path = await eventsPath();
    if (!path || stopped) return firstEventsTry();
    options.note?.(`watching events at ${path}`);
    eventsInformer = createInformer({
      ...watchOf('events'),
      path,
      onList: observe,
      // A DELETED event is the API server's TTL cleaning up; the feed keeps its history.
      onChange: (type, object) => {
        if (type !== 'DELETED') observe([object]);
      },
    });
    eventsInformer.start();
    await eventsInformer.firstList;
    firstEventsTry();
  }

  const versionPoller = createPoller<VersionInfo>({
    cluster,
    intervalMs: settings.versionInterval,
    fetch: () => fetchVersion(kc, settings.requestTimeout),
    report(result) {
      if (result.ok) sink.version(cluster, result.data);
      report('version', result.ok ? null : result.error, result.durationMs);
    },
    now,
  });

  let firstRound: Promise<void> | null = null;
  /** Starts the watches (they run until stop) beside the first /version attempt; resolves when each part made its first try. */
  const begin = (firstVersion: () => Promise<void>): Promise<void> => {
    if (firstRound) return firstRound;
    started = true;
    nodesInformer.start();
    void startEvents();
    firstRound = Promise.all([firstVersion(), nodesInformer.firstList, firstEventsTried]).then(() => undefined);
    return firstRound;
  };

  return {
    cluster,
    runOnce: () => begin(() => versionPoller.runOnce()),
    start() {
      if (stopped) return Promise.resolve();
      // The first /version at once, then every interval (again at once when runOnce came first: harmless).
      const polling = versionPoller.start();
      return begin(() => polling);
    },
    stop() {
      stopped = true;
      if (discoveryTimer) clearTimeout(discoveryTimer);
      versionPoller.stop();
      if (started) nodesInformer.stop();
      eventsInformer?.stop();
      firstEventsTry();
    },
  };
}
