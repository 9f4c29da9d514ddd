/**
 * One Kubernetes event, normalized from core/v1 Event or events.k8s.io/v1
 * Event, labelled with its cluster. The record the event feed, /api/events,
 * /ws and the alert rules share.
 */
export interface FleetEvent {
  /**
   * Stable id of the merged record: `${cluster}/${namespace}/${involvedObject.kind}/${involvedObject.name}/${reason}`.
   * Repeats of one object and reason (a count bump, or a new Event object) keep the id: a record with a
   * known id replaces the older one.
   */
  id: string;
  cluster: string;
  namespace: string;
  involvedObject: { kind: string; name: string; namespace?: string };
  reason: string;
  /** Normal or Warning; the API allows new types later, so any string is kept as it came. */
  type: string;
  message: string;
  /** Times seen (merged repeats of the same object and reason add up). */
  count: number;
  /** Epoch ms. */
  firstSeen: number;
  lastSeen: number;
  /** Reporting component (kubelet, default-scheduler, …), if known. */
  source?: string;
}

/**
 * Many events of one reason in one namespace of one cluster within a window,
 * summarised as one line ("37 BackOff across 12 pods in prod-eu/payments in 5m").
 */
export interface EventBurst {
  cluster: string;
  namespace: string;
  reason: string;
  /** Warning when any event of the burst is a Warning. */
  type: string;
  /** Occurrences within the window (estimated for records that began before it, assuming an even rate). */
  count: number;
  /** Distinct involved objects. */
  objects: number;
  /** Their kind when they share one ("Pod"), else null. */
  objectKind: string | null;
  windowMs: number;
  /** Epoch ms of the newest occurrence. */
  lastSeen: number;
  summary: string;
}
