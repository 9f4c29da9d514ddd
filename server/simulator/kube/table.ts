import { at, textAt } from './path';
import type { KubeObject, Resource } from './types';

/** kubectl's human durations (k8s.io/apimachinery/pkg/util/duration.HumanDuration). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
}

interface Column {
  name: string;
  type: 'string' | 'integer';
  format?: string;
  description: string;
  priority: 0 | 1;
}

const NAME: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 };
const AGE: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
};

const get = (object: unknown, dotted: string): unknown => at(object, dotted);

function list(object: unknown, dotted: string): Array<Record<string, unknown>> {
  const value = get(object, dotted);
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object') : [];
}

function since(iso: unknown, nowMs: number): string {
  if (typeof iso !== 'string' || !iso) return '<unknown>';
  return humanDuration(nowMs - Date.parse(iso));
}

interface Printer {
  columns: Column[];
  cells(object: KubeObject, nowMs: number): Array<string | number>;
}

/** Server-side printing as kube-apiserver 1.26 does it for kubectl (see the recorded nodes-table.json). */
const PRINTERS: Record<Resource, Printer> = {
  nodes: {
    columns: [
      NAME,
      { name: 'Status', type: 'string', description: 'The status of the node', priority: 0 },
      { name: 'Roles', type: 'string', description: 'The roles of the node', priority: 0 },
      AGE,
      { name: 'Version', type: 'string', description: 'Kubelet Version reported by the node.', priority: 0 },
      { name: 'Internal-IP', type: 'string', description: 'List of addresses reachable to the node.', priority: 1 },
      { name: 'External-IP', type: 'string', description: 'List of addresses reachable to the node.', priority: 1 },
      { name: 'OS-Image', type: 'string', description: 'OS Image reported by the node from /etc/os-release.', priority: 1 },
      { name: 'Kernel-Version', type: 'string', description: "Kernel Version reported by the node from 'uname -r'.", priority: 1 },
      { name: 'Container-Runtime', type: 'string', description: 'ContainerRuntime Version reported by the node through runtime remote API.', priority: 1 },
    ],
    cells(o, now) {
      const ready = list(o, 'status.conditions').find((c) => c.type === 'Ready');
      const status = ready?.status === 'True' ? 'Ready' : 'NotReady';
      const unschedulable = get(o, 'spec.unschedulable') === true ? ',SchedulingDisabled' : '';
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((l) => l.startsWith('node-role.kubernetes.io/'))
        .map((l) => l.slice('node-role.kubernetes.io/'.length));
      const address = (type: string) =>
        textAt(
          list(o, 'status.addresses').find((a) => a.type === type),
          'address',
        ) ?? '<none>';
      return [
        o.metadata.name,
        status + unschedulable,
        roles.length ? roles.join(',') : '<none>',
        since(o.metadata.creationTimestamp, now),
        textAt(o, 'status.nodeInfo.kubeletVersion') ?? '',
        address('InternalIP'),
        address('ExternalIP'),
        textAt(o, 'status.nodeInfo.osImage') ?? '',
        textAt(o, 'status.nodeInfo.kernelVersion') ?? '',
        textAt(o, 'status.nodeInfo.containerRuntimeVersion') ?? '',
      ];
    },
  },
  namespaces: {
    columns: [NAME, { name: 'Status', type: 'string', description: 'The status of the namespace', priority: 0 }, AGE],
    cells: (o, now) => [o.metadata.name, textAt(o, 'status.phase') ?? '', since(o.metadata.creationTimestamp, now)],
  },
  pods: {
    columns: [
      NAME,
      { name: 'Ready', type: 'string', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0 },
      { name: 'Status', type: 'string', description: 'The aggregate status of the containers in this pod.', priority: 0 },
      {
        name: 'Restarts',
        type: 'string',
        description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
        priority: 0,
      },
      AGE,
      {
        name: 'IP',
        type: 'string',
        description: 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
        priority: 1,
      },
      { name: 'Node', type: 'string', description: 'NodeName is a request to schedule this pod onto a specific node.', priority: 1 },
      { name: 'Nominated Node', type: 'string', description: 'nominatedNodeName is set when this pod preempts other pods on the node.', priority: 1 },
      { name: 'Readiness Gates', type: 'string', description: 'If specified, all readiness gates will be evaluated for pod readiness.', priority: 1 },
    ],
    cells(o, now) {
      const statuses = list(o, 'status.containerStatuses');
      const ready = statuses.filter((s) => s.ready === true).length;
      const waiting = statuses.map((s) => at(s, 'state.waiting.reason')).find((r): r is string => typeof r === 'string' && r !== '');
      const restarts = statuses.reduce((sum, s) => sum + (typeof s.restartCount === 'number' ? s.restartCount : 0), 0);
      return [
        o.metadata.name,
        `${ready}/${list(o, 'spec.containers').length}`,
        waiting ?? textAt(o, 'status.phase') ?? '',
        String(restarts),
        since(o.metadata.creationTimestamp, now),
        textAt(o, 'status.podIP') ?? '<none>',
        textAt(o, 'spec.nodeName') ?? '<none>',
        '<none>',
        '<none>',
      ];
    },
  },
  events: {
    columns: [
      { name: 'Last Seen', type: 'string', description: 'Time when this Event was last observed.', priority: 0 },
      { name: 'Type', type: 'string', description: 'Type of this event (Normal, Warning), new types could be added in the future', priority: 0 },
      {
        name: 'Reason',
        type: 'string',
        description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
        priority: 0,
      },
      { name: 'Object', type: 'string', description: 'The object that this event is about.', priority: 0 },
      { name: 'Subobject', type: 'string', description: 'The subobject (field path) this event is about.', priority: 1 },
      { name: 'Source', type: 'string', description: 'The component reporting this event.', priority: 1 },
      { name: 'Message', type: 'string', description: 'A human-readable description of the status of this operation.', priority: 0 },
      { name: 'First Seen', type: 'string', description: 'The time at which the event was first recorded.', priority: 1 },
      { name: 'Count', type: 'string', description: 'The number of times this event has occurred.', priority: 1 },
      { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 1 },
    ],
    cells(o, now) {
      const first = get(o, 'firstTimestamp') ?? get(o, 'eventTime') ?? o.metadata.creationTimestamp;
      const last = get(o, 'series.lastObservedTime') ?? get(o, 'lastTimestamp') ?? first;
      const count = textAt(o, 'series.count') ?? textAt(o, 'count') ?? '1';
      const kind = (textAt(o, 'involvedObject.kind') ?? '').toLowerCase();
      const component = textAt(o, 'source.component') || textAt(o, 'reportingComponent') || '';
      const host = textAt(o, 'source.host') ?? '';
      return [
        since(last, now),
        textAt(o, 'type') ?? '',
        textAt(o, 'reason') ?? '',
        `${kind}/${textAt(o, 'involvedObject.name') ?? ''}`,
        textAt(o, 'involvedObject.fieldPath') ?? '',
        host ? `${component}, ${host}` : component,
        textAt(o, 'message') ?? '',
        since(first, now),
        count,
        o.metadata.name,
      ];
    },
  },
};

/** Does this Accept header ask for a meta.k8s.io Table (as kubectl get does)? */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part) && /v=v1(beta1)?\b/.test(part));
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** A meta.k8s.io/v1 Table of stored (core/v1) `objects`; `includeObject` as the API server's query parameter of that name. */
export function toTable(
  resource: Resource,
  objects: readonly KubeObject[],
  options: {
    nowMs: number;
    listMeta: Record<string, unknown>;
    includeObject: IncludeObject;
    noHeaders?: boolean;
    /** The full object as its API version shows it (for includeObject=Object). */ shape: (object: KubeObject) => KubeObject;
  },
) {
  const printer = PRINTERS[resource];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMeta,
    ...(options.noHeaders ? {} : { columnDefinitions: printer.columns.map((c) => ({ format: '', ...c })) }),
    rows: objects.map((o) => ({
      cells: printer.cells(o, options.nowMs),
      ...(options.includeObject === 'None'
        ? {}
        : {
            object:
              options.includeObject === 'Object' ? options.shape(o) : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
          }),
    })),
  };
}
