import type { SimNode, SimPod } from '../model';
import type { KubeObject, NewObject as Unversioned } from './types';

function quantityCpu(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

function quantityBytes(bytes: number): string {
  const mi = bytes / 1024 ** 2;
  if (Number.isInteger(mi / 1024)) return `${mi / 1024}Gi`;
  if (Number.isInteger(mi)) return `${mi}Mi`;
  return `${Math.round(bytes / 1024)}Ki`;
}

export function nodeLabels(node: SimNode): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': node.instanceType,
    'topology.kubernetes.io/region': node.region,
    'topology.kubernetes.io/zone': node.zone,
  };
}

/** A core/v1 Node shaped like the recorded kube-apiserver 1.26 one. */
export function nodeObject(node: SimNode, heartbeat: string): Unversioned {
  const allocatableCpu = node.cpuCores - 0.08;
  const allocatableMemory = node.memoryBytes - 1024 ** 3;
  return {
    metadata: {
      name: node.name,
      uid: node.uid,
      creationTimestamp: node.createdAt,
      labels: nodeLabels(node),
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: {
      podCIDR: node.podCIDR,
      podCIDRs: node.podCIDRs,
      providerID: `aws:///${node.zone}/i-${node.uid.replace(/-/g, '').slice(0, 17)}`,
      ...(node.ready ? {} : { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] }),
    },
    status: {
      capacity: { cpu: quantityCpu(node.cpuCores), memory: quantityBytes(node.memoryBytes), pods: String(node.maxPods) },
      allocatable: { cpu: quantityCpu(allocatableCpu), memory: quantityBytes(allocatableMemory), pods: String(node.maxPods) },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          lastHeartbeatTime: heartbeat,
          lastTransitionTime: node.createdAt,
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
        },
        {
          type: 'DiskPressure',
          status: 'False',
          lastHeartbeatTime: heartbeat,
          lastTransitionTime: node.createdAt,
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
        },
        {
          type: 'PIDPressure',
          status: 'False',
          lastHeartbeatTime: heartbeat,
          lastTransitionTime: node.createdAt,
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
        },
        node.ready
          ? {
              type: 'Ready',
              status: 'True',
              lastHeartbeatTime: heartbeat,
              lastTransitionTime: node.readySince,
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
            }
          : {
              type: 'Ready',
              status: 'Unknown',
              lastHeartbeatTime: node.readySince,
              lastTransitionTime: node.readySince,
              reason: 'NodeStatusUnknown',
              message: 'Kubelet stopped posting node status.',
            },
      ],
      addresses: [
        { type: 'InternalIP', address: node.internalIP },
        { type: 'Hostname', address: node.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: node.uid.replace(/-/g, ''),
        systemUUID: node.uid,
        bootID: node.uid,
        kernelVersion: node.kernelVersion,
        osImage: node.osImage,
        containerRuntimeVersion: node.containerRuntimeVersion,
        kubeletVersion: node.kubeletVersion,
        kubeProxyVersion: node.kubeProxyVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function namespaceObject(name: string, uid: string, createdAt: string): Unversioned {
  return {
    metadata: { name, uid, creationTimestamp: createdAt, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** A core/v1 Pod shaped like the recorded one, with container statuses. */
export function podObject(pod: SimPod, hostIP: string): Unversioned {
  const running = pod.phase === 'Running';
  return {
    metadata: {
      name: pod.name,
      generateName: `${pod.replicaSet}-`,
      namespace: pod.namespace,
      uid: pod.uid,
      creationTimestamp: pod.createdAt,
      labels: { ...pod.labels },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: pod.replicaSet,
          uid: pod.uid.replace(/^.{8}/, '00000000'),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containers: pod.containers.map((c) => ({
        name: c.name,
        image: c.image,
        resources: {
          ...(c.memoryLimitBytes !== null ? { limits: { memory: quantityBytes(c.memoryLimitBytes) } } : {}),
          requests: { cpu: quantityCpu(c.cpuRequestCores), memory: quantityBytes(c.memoryRequestBytes) },
        },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      })),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      nodeName: pod.node,
      securityContext: {},
      schedulerName: 'default-scheduler',
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: pod.phase,
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: pod.createdAt },
        {
          type: 'Ready',
          status: running && pod.containers.every((c) => !c.waitingReason) ? 'True' : 'False',
          lastProbeTime: null,
          lastTransitionTime: pod.createdAt,
        },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: pod.createdAt },
      ],
      hostIP,
      podIP: pod.podIP,
      podIPs: [{ ip: pod.podIP }],
      startTime: pod.createdAt,
      containerStatuses: pod.containers.map((c) => ({
        name: c.name,
        state: c.waitingReason
          ? {
              waiting: { reason: c.waitingReason, message: `back-off 5m0s restarting failed container=${c.name} pod=${pod.name}_${pod.namespace}(${pod.uid})` },
            }
          : { running: { startedAt: pod.createdAt } },
        lastState: {},
        ready: running && !c.waitingReason,
        restartCount: c.restarts,
        image: c.image,
        imageID: '',
        containerID: `containerd://${pod.uid.replace(/-/g, '')}`,
        started: running && !c.waitingReason,
      })),
      qosClass: 'Burstable',
    },
  };
}

/** What a test or scenario gives to create a core/v1 Event. */
export interface EventInput {
  namespace: string;
  /** Default: `<involvedObject.name>.<16 hex digits>`, as client-go's recorder names them. */
  name?: string;
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string; apiVersion?: string; fieldPath?: string };
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  count?: number;
  /** ISO times; default now. */
  firstTimestamp?: string;
  lastTimestamp?: string;
  source?: { component?: string; host?: string };
  /**
   * Write it the way an events.k8s.io/v1 client does: `eventTime` (micro
   * seconds), `series` for repeats, no first/lastTimestamp, `reportingComponent`.
   */
  style?: 'core' | 'events.k8s.io';
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
}

/** The patchable fields of an Event. */
export interface EventPatch {
  count?: number;
  lastTimestamp?: string;
  message?: string;
  type?: 'Normal' | 'Warning';
  reason?: string;
}

export function microTime(iso: string): string {
  return iso.replace(/(\.\d+)?Z$/, (_, frac: string | undefined) => `.${((frac ?? '.').slice(1) + '000000').slice(0, 6)}Z`);
}

/** A core/v1 Event (field order as the API server writes it). */
export function coreEventObject(input: EventInput & { name: string; uid: string; now: string }): Unversioned {
  const involved = {
    kind: input.involvedObject.kind,
    namespace: input.involvedObject.namespace,
    name: input.involvedObject.name,
    uid: input.involvedObject.uid,
    apiVersion: input.involvedObject.apiVersion ?? 'v1',
    fieldPath: input.involvedObject.fieldPath,
  };
  const base = {
    metadata: { name: input.name, namespace: input.namespace, uid: input.uid, creationTimestamp: input.now },
    involvedObject: dropUndefined(involved),
    reason: input.reason,
    message: input.message,
  };
  if (input.style === 'events.k8s.io') {
    const count = input.count ?? 1;
    return {
      ...base,
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: input.type ?? 'Normal',
      eventTime: microTime(input.firstTimestamp ?? input.now),
      ...(count > 1 ? { series: { count, lastObservedTime: microTime(input.lastTimestamp ?? input.now) } } : {}),
      action: input.action ?? input.reason,
      reportingComponent: input.reportingController ?? input.source?.component ?? 'kubelet',
      reportingInstance: input.reportingInstance ?? input.source?.host ?? '',
    };
  }
  return {
    ...base,
    source: dropUndefined({ component: input.source?.component ?? 'kubelet', host: input.source?.host }),
    firstTimestamp: input.firstTimestamp ?? input.now,
    lastTimestamp: input.lastTimestamp ?? input.firstTimestamp ?? input.now,
    count: input.count ?? 1,
    type: input.type ?? 'Normal',
    eventTime: null,
    reportingComponent: input.reportingController ?? '',
    reportingInstance: input.reportingInstance ?? '',
  };
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * The events.k8s.io/v1 view of a stored core/v1 Event, converted the way the
 * API server converts it (see the recorded events-events.k8s.io-v1-list.json).
 */
export function toEventsV1(event: KubeObject): KubeObject {
  const get = (key: string) => event[key];
  const count = typeof get('count') === 'number' ? get('count') : 0;
  const out: KubeObject = { metadata: event.metadata };
  if (event.kind) Object.assign(out, { kind: 'Event', apiVersion: 'events.k8s.io/v1' });
  out.eventTime = get('eventTime') ?? null;
  if (get('series')) out.series = get('series');
  if (get('reportingComponent')) out.reportingController = get('reportingComponent');
  if (get('reportingInstance')) out.reportingInstance = get('reportingInstance');
  if (get('action')) out.action = get('action');
  out.reason = get('reason');
  out.regarding = get('involvedObject');
  if (get('related')) out.related = get('related');
  out.note = get('message');
  out.type = get('type');
  out.deprecatedSource = get('source') ?? {};
  out.deprecatedFirstTimestamp = get('firstTimestamp') ?? null;
  out.deprecatedLastTimestamp = get('lastTimestamp') ?? null;
  if (count) out.deprecatedCount = count;
  return out;
}
