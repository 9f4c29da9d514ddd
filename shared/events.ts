/**
 * One Kubernetes event, normalized from core/v1 Event or events.k8s.io/v1
 * Event, labelled with its cluster. The record the event feed, /api/events,
 * /ws and the alert rules share.
 */
export interface FleetEvent {
  /** Stable id within fleetscope: `${cluster}/${namespace}/${name}` of the Event object (uid when no name). */
  id: string;
  cluster: string;
  namespace: string;
  involvedObject: { kind: string; name: string; namespace?: string };
  reason: string;
  type: 'Normal' | 'Warning' | string;
  message: string;
  /** Times seen (merged repeats of the same object and reason add up). */
  count: number;
  /** Epoch ms. */
  firstSeen: number;
  lastSeen: number;
  /** Reporting component (kubelet, default-scheduler, …), if known. */
  source?: string;
}
