/**
 * Loose JSON shapes of the Kubernetes objects the simulator serves
 * (https://kubernetes.io/docs/reference/kubernetes-api/). Only metadata is
 * typed; the rest is whatever the real API server would put there.
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generateName?: string;
  ownerReferences?: Array<Record<string, unknown>>;
}

export interface KubeObject {
  kind?: string;
  apiVersion?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** An object before the store stamps its resourceVersion. */
export type NewObject = { [field: string]: unknown; metadata: Omit<ObjectMeta, 'resourceVersion'> };

/** The resources the simulated API server stores. events.k8s.io/v1 events are a view of `events`. */
export type Resource = 'nodes' | 'namespaces' | 'pods' | 'events';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A `Status` object (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/). */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: Record<string, unknown>;
  code: number;
}

export function kubeStatus(code: number, reason: string, message: string, details?: Record<string, unknown>): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}
