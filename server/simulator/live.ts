import type { SimCompanionState } from './companions';
import type { SimClusterModel, SimNode, SimPod } from './model';

/** One change of the model, as the Kubernetes API and the exposition see it. */
export type ModelChange =
  | { kind: 'node'; type: 'ADDED' | 'MODIFIED' | 'DELETED'; node: SimNode }
  | { kind: 'pod'; type: 'ADDED' | 'MODIFIED' | 'DELETED'; pod: SimPod }
  | { kind: 'controlPlane'; version: string }
  | { kind: 'companions' };

/**
 * The one mutable copy of a simulated cluster. Every change goes through it,
 * bumps `revision` (the exposition caches by it) and is told to listeners
 * (the Kubernetes API store turns it into a watch event), so /metrics and the
 * API always agree.
 */
export class LiveCluster {
  revision = 0;
  private readonly listeners = new Set<(change: ModelChange) => void>();

  constructor(readonly model: SimClusterModel) {}

  onChange(listener: (change: ModelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: ModelChange): void {
    this.revision++;
    for (const listener of this.listeners) listener(change);
  }

  node(name: string): SimNode {
    const node = this.model.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`simulated cluster ${this.model.spec.name} has no node ${name}`);
    return node;
  }

  pod(namespace: string, name: string): SimPod {
    const pod = this.model.pods.find((p) => p.namespace === namespace && p.name === name);
    if (!pod) throw new Error(`simulated cluster ${this.model.spec.name} has no pod ${namespace}/${name}`);
    return pod;
  }

  /** Upgrades (or rolls back) the control plane: /version and kubernetes_build_info follow. */
  setControlPlaneVersion(version: string): void {
    this.model.spec = { ...this.model.spec, version };
    this.emit({ kind: 'controlPlane', version });
  }

  /** Changes what a companion's metrics say (a stale backup, an application OutOfSync, …). */
  updateCompanions(change: (companions: SimCompanionState) => void): void {
    change(this.model.companions);
    this.emit({ kind: 'companions' });
  }

  updateNode(name: string, change: (node: SimNode) => void): SimNode {
    const node = this.node(name);
    change(node);
    this.emit({ kind: 'node', type: 'MODIFIED', node });
    return node;
  }

  addNode(node: SimNode): void {
    this.model.nodes.push(node);
    this.emit({ kind: 'node', type: 'ADDED', node });
  }

  deleteNode(name: string): void {
    const node = this.node(name);
    this.model.nodes = this.model.nodes.filter((n) => n !== node);
    this.emit({ kind: 'node', type: 'DELETED', node });
  }

  updatePod(namespace: string, name: string, change: (pod: SimPod) => void): SimPod {
    const pod = this.pod(namespace, name);
    change(pod);
    this.emit({ kind: 'pod', type: 'MODIFIED', pod });
    return pod;
  }

  addPod(pod: SimPod): void {
    this.model.pods.push(pod);
    this.emit({ kind: 'pod', type: 'ADDED', pod });
  }

  deletePod(namespace: string, name: string): void {
    const pod = this.pod(namespace, name);
    this.model.pods = this.model.pods.filter((p) => p !== pod);
    this.emit({ kind: 'pod', type: 'DELETED', pod });
  }
}
