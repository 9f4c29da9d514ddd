import type { LiveCluster, ModelChange } from '../live';
import type { RequestLogEntry } from './api';
import { coreEventObject, microTime, namespaceObject, nodeObject, podObject, type EventInput, type EventPatch } from './objects';
import { KubeStore, type KubeStoreOptions, type StoreChange } from './store';
import type { KubeObject } from './types';
import { uidFrom } from '../model';
import { createRandom, hashSeed } from '../random';

/**
 * The test-side control of one simulated API server: everything a test needs
 * to make the cluster do what a real one does (events come and go, nodes
 * change, watches drop, history is compacted), and the record of what went
 * out. Node and pod changes go through the LiveCluster so /metrics agrees.
 */
export class KubeControl {
  private built: KubeStore | null = null;
  private readonly random: () => number;
  private sequence = 0;
  /** The last 1000 requests the API server answered, oldest first (watches logged when they start). */
  readonly requests: RequestLogEntry[] = [];

  constructor(
    private readonly live: LiveCluster,
    private readonly now: () => number,
    private readonly options: KubeStoreOptions = {},
  ) {
    this.random = createRandom(hashSeed(`${live.model.spec.name}/kube`));
  }

  /**
   * The API server's objects, built on first use: a Prometheus-only cluster
   * (benchmarks) never pays for them.
   */
  get store(): KubeStore {
    if (this.built) return this.built;
    const store = new KubeStore(this.options);
    this.built = store;
    const model = this.live.model;
    const created = model.nodes[0]?.createdAt ?? this.isoNow();
    for (const ns of model.namespaces) store.put('namespaces', namespaceObject(ns, uidFrom(this.random), created));
    for (const node of model.nodes) store.put('nodes', nodeObject(node, this.isoNow()));
    const hostIP = new Map(model.nodes.map((n) => [n.name, n.internalIP]));
    for (const pod of model.pods) store.put('pods', podObject(pod, hostIP.get(pod.node) ?? ''));
    this.seedEvents();
    // Like a server that has been up for a while: watches must start from a list.
    store.compact();
    this.live.onChange((change) => this.apply(change));
    return store;
  }

  /**
   * The events a cluster in this state would have recorded: NodeNotReady for
   * down nodes (the node controller puts the node's name in involvedObject.uid,
   * which is what `kubectl describe node` looks for), BackOff for crash loops.
   */
  private seedEvents(): void {
    const model = this.live.model;
    for (const node of model.nodes.filter((n) => !n.ready)) {
      this.createEvent({
        namespace: 'default',
        involvedObject: { kind: 'Node', name: node.name, uid: node.name },
        reason: 'NodeNotReady',
        message: `Node ${node.name} status is now: NodeNotReady`,
        style: 'events.k8s.io',
        reportingController: 'node-controller',
        reportingInstance: 'kube-controller-manager',
      });
    }
    for (const pod of model.pods) {
      for (const container of pod.containers.filter((c) => c.waitingReason === 'CrashLoopBackOff')) {
        const last = container.lastTerminatedAtMs ?? this.now();
        this.createEvent({
          namespace: pod.namespace,
          involvedObject: { kind: 'Pod', name: pod.name, namespace: pod.namespace, uid: pod.uid, fieldPath: `spec.containers{${container.name}}` },
          reason: 'BackOff',
          type: 'Warning',
          message: `Back-off restarting failed container ${container.name} in pod ${pod.name}_${pod.namespace}(${pod.uid})`,
          count: container.restarts,
          firstTimestamp: new Date(last - container.restarts * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          lastTimestamp: new Date(last).toISOString().replace(/\.\d+Z$/, 'Z'),
          source: { component: 'kubelet', host: pod.node },
        });
      }
    }
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }

  private apply(change: ModelChange): void {
    if (change.kind === 'controlPlane' || change.kind === 'companions') return;
    if (change.kind === 'node') {
      if (change.type === 'DELETED') this.store.delete('nodes', change.node.name);
      else this.store.put('nodes', nodeObject(change.node, this.isoNow()));
    } else if (change.type === 'DELETED') this.store.delete('pods', `${change.pod.namespace}/${change.pod.name}`);
    else this.store.put('pods', podObject(change.pod, this.live.model.nodes.find((n) => n.name === change.pod.node)?.internalIP ?? ''));
  }

  /** The current resourceVersion of the cluster (one sequence for every resource). */
  get resourceVersion(): number {
    return this.store.resourceVersion;
  }

  /** Every write since start, oldest first (bounded; see KubeStoreOptions.recordLimit). */
  get emitted(): readonly StoreChange[] {
    return this.store.emitted;
  }

  /**
   * Creates an Event. Stored once, it shows in both core/v1 and
   * events.k8s.io/v1 (with the same name, uid and resourceVersion).
   */
  createEvent(input: EventInput): KubeObject {
    const now = this.isoNow();
    const nanos = BigInt(this.now()) * 1_000_000n + BigInt(++this.sequence);
    const name = input.name ?? `${input.involvedObject.name}.${nanos.toString(16).padStart(16, '0')}`;
    return this.store.put('events', coreEventObject({ ...input, name, uid: uidFrom(this.random), now }));
  }

  /** Updates an Event in place (a repeat: count and lastTimestamp, or series for events.k8s.io-style ones). */
  patchEvent(namespace: string, name: string, patch: EventPatch): KubeObject {
    const current = this.store.get('events', `${namespace}/${name}`);
    if (!current) throw new Error(`no event ${namespace}/${name}`);
    const next: KubeObject = { ...current };
    if (patch.message !== undefined) next.message = patch.message;
    if (patch.reason !== undefined) next.reason = patch.reason;
    if (patch.type !== undefined) next.type = patch.type;
    const last = patch.lastTimestamp ?? this.isoNow();
    if (current.eventTime) {
      if (patch.count !== undefined) next.series = { count: patch.count, lastObservedTime: microTime(last) };
    } else {
      if (patch.count !== undefined) next.count = patch.count;
      next.lastTimestamp = last;
    }
    return this.store.put('events', next);
  }

  deleteEvent(namespace: string, name: string): KubeObject {
    const deleted = this.store.delete('events', `${namespace}/${name}`);
    if (!deleted) throw new Error(`no event ${namespace}/${name}`);
    return deleted;
  }

  /** Marks a node Ready or NotReady (the Ready condition, the not-ready taint, and the KSM series). */
  setNodeReady(name: string, ready: boolean): KubeObject {
    this.live.updateNode(name, (node) => {
      if (node.ready !== ready) node.readySince = this.isoNow();
      node.ready = ready;
    });
    return this.store.get('nodes', name)!;
  }

  /** Changes a node's kubelet (and kube-proxy) version, as an upgrade of that node does. */
  setKubeletVersion(name: string, version: string): KubeObject {
    this.live.updateNode(name, (node) => {
      node.kubeletVersion = version;
      node.kubeProxyVersion = version;
    });
    return this.store.get('nodes', name)!;
  }

  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > 1000) this.requests.splice(0, this.requests.length - 1000);
  }

  /** Ends every open watch from the server side; returns how many were open. */
  closeWatches(): number {
    // No store yet means no API server ever served: nothing to close (and nothing to build).
    return this.built?.closeWatches() ?? 0;
  }

  /** Compacts history up to now: older resourceVersions answer 410 Expired. Returns the compacted revision. */
  compact(): number {
    return this.store.compact();
  }

  get openWatches(): number {
    return this.built?.openWatches ?? 0;
  }
}
