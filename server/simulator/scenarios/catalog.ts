import type { SimCluster } from '../cluster-server';
import { at } from '../kube/path';
import { buildCompanions, type SimCompanionState } from '../companions';
import { buildNode, buildPod, type SimNode } from '../model';

/** What a running scenario gets: its cluster, a seeded random source, and timers that stop with it. */
export interface ScenarioContext {
  cluster: SimCluster;
  random: () => number;
  /** Runs `step` every `ms` until the scenario stops (timers never keep the process alive). */
  every(ms: number, step: () => void): void;
  params: Readonly<Record<string, string | number>>;
}

/** A scenario: started on one cluster, it returns how to undo what it did. */
export interface Scenario {
  name: string;
  description: string;
  /** Parameters it reads, with their defaults (for the admin endpoint's catalogue). */
  params: Readonly<Record<string, string | number>>;
  start(ctx: ScenarioContext): () => void | Promise<void>;
}

function num(ctx: ScenarioContext, key: string, fallback: number): number {
  const value = Number(ctx.params[key] ?? fallback);
  return Number.isFinite(value) ? value : fallback;
}

function pick<T>(items: readonly T[], random: () => number, count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

function nodeEvent(ctx: ScenarioContext, node: string, reason: string, type: 'Normal' | 'Warning', message: string): void {
  ctx.cluster.kube.createEvent({
    namespace: 'default',
    involvedObject: { kind: 'Node', name: node, uid: node },
    reason,
    type,
    message,
    style: 'events.k8s.io',
    reportingController: 'node-controller',
    reportingInstance: 'kube-controller-manager',
  });
}

function faultTarget(ctx: ScenarioContext): 'both' | 'prometheus' | 'kubernetes' {
  const target = String(ctx.params.target ?? 'both');
  return target === 'prometheus' || target === 'kubernetes' ? target : 'both';
}

function nextMinor(version: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? `v${m[1]}.${Number(m[2]) + 1}.0` : version;
}

const nodeNotReady: Scenario = {
  name: 'node-not-ready',
  description: 'Nodes stop posting status: Ready turns Unknown, NodeNotReady events, their kubelet and node-exporter targets go down.',
  params: { nodes: 1 },
  start(ctx) {
    const live = ctx.cluster.live;
    const chosen = pick(
      live.model.nodes.filter((n) => n.ready),
      ctx.random,
      num(ctx, 'nodes', 1),
    ).map((n) => n.name);
    for (const name of chosen) {
      ctx.cluster.kube.setNodeReady(name, false);
      nodeEvent(ctx, name, 'NodeNotReady', 'Normal', `Node ${name} status is now: NodeNotReady`);
    }
    return () => {
      for (const name of chosen) {
        if (!live.model.nodes.some((n) => n.name === name)) continue;
        ctx.cluster.kube.setNodeReady(name, true);
        nodeEvent(ctx, name, 'NodeReady', 'Normal', `Node ${name} status is now: NodeReady`);
      }
    };
  },
};

const crashLoopStorm: Scenario = {
  name: 'crashloop-storm',
  description: 'Pods fall into CrashLoopBackOff; restarts climb and kubelet BackOff Warning events repeat every step.',
  params: { pods: 8, stepMs: 5000 },
  start(ctx) {
    const live = ctx.cluster.live;
    const victims = pick(
      live.model.pods.filter((p) => p.phase === 'Running' && !p.containers[0]?.waitingReason),
      ctx.random,
      num(ctx, 'pods', 8),
    );
    const events = new Map<string, { name: string; count: number }>();
    const step = () => {
      for (const pod of victims) {
        if (!live.model.pods.includes(pod)) continue;
        const container = pod.containers[0]!;
        live.updatePod(pod.namespace, pod.name, () => {
          container.waitingReason = 'CrashLoopBackOff';
          container.restarts += 1;
          container.lastTerminatedAtMs = Date.now();
        });
        const key = `${pod.namespace}/${pod.name}`;
        const seen = events.get(key);
        if (seen) {
          seen.count += 1;
          ctx.cluster.kube.patchEvent(pod.namespace, seen.name, { count: seen.count });
        } else {
          const event = ctx.cluster.kube.createEvent({
            namespace: pod.namespace,
            involvedObject: { kind: 'Pod', name: pod.name, namespace: pod.namespace, uid: pod.uid, fieldPath: `spec.containers{${container.name}}` },
            reason: 'BackOff',
            type: 'Warning',
            message: `Back-off restarting failed container ${container.name} in pod ${pod.name}_${pod.namespace}(${pod.uid})`,
            source: { component: 'kubelet', host: pod.node },
          });
          events.set(key, { name: event.metadata.name, count: 1 });
        }
      }
    };
    step();
    ctx.every(num(ctx, 'stepMs', 5000), step);
    return () => {
      for (const pod of victims) {
        if (live.model.pods.includes(pod)) live.updatePod(pod.namespace, pod.name, () => (pod.containers[0]!.waitingReason = null));
      }
    };
  },
};

const kubeletUpgrade: Scenario = {
  name: 'kubelet-upgrade',
  description: 'The control plane is upgraded, then kubelets follow one node per step: version skew until the roll completes.',
  params: { to: '', stepMs: 10000 },
  start(ctx) {
    const live = ctx.cluster.live;
    const from = live.model.spec.version;
    const to = String(ctx.params.to || nextMinor(from));
    const before = new Map(live.model.nodes.map((n) => [n.name, n.kubeletVersion]));
    live.setControlPlaneVersion(to);
    const queue = live.model.nodes.filter((n) => n.kubeletVersion !== to).map((n) => n.name);
    ctx.every(num(ctx, 'stepMs', 10000), () => {
      const next = queue.shift();
      if (!next || !live.model.nodes.some((n) => n.name === next)) return;
      ctx.cluster.kube.setKubeletVersion(next, to);
      nodeEvent(ctx, next, 'Starting', 'Normal', `Starting kubelet ${to}.`);
    });
    return () => {
      live.setControlPlaneVersion(from);
      for (const [name, version] of before) if (live.model.nodes.some((n) => n.name === name)) ctx.cluster.kube.setKubeletVersion(name, version);
    };
  },
};

const blackout: Scenario = {
  name: 'blackout',
  description: 'The API server and Prometheus stop answering (connection refused).',
  params: {},
  start(ctx) {
    void ctx.cluster.setBlackout(true);
    return () => ctx.cluster.setBlackout(false);
  },
};

const slow: Scenario = {
  name: 'slow',
  description: 'Every answer of the cluster (target: both, prometheus or kubernetes) is held back (delayMs).',
  params: { delayMs: 8000, target: 'both' },
  start(ctx) {
    ctx.cluster.setFaults({ delayMs: num(ctx, 'delayMs', 8000), target: faultTarget(ctx) });
    return () => ctx.cluster.setFaults({ delayMs: 0, target: 'both' });
  },
};

const garbage: Scenario = {
  name: 'garbage',
  description: 'Answers 200 with bytes no client can parse (target: both, prometheus or kubernetes).',
  params: { target: 'both' },
  start(ctx) {
    ctx.cluster.setFaults({ response: 'garbage', target: faultTarget(ctx) });
    return () => ctx.cluster.setFaults({ response: 'ok', target: 'both' });
  },
};

const truncated: Scenario = {
  name: 'truncated',
  description: 'Promises a full body, sends half, hangs up (target: both, prometheus or kubernetes).',
  params: { target: 'both' },
  start(ctx) {
    ctx.cluster.setFaults({ response: 'truncated', target: faultTarget(ctx) });
    return () => ctx.cluster.setFaults({ response: 'ok', target: 'both' });
  },
};

const tokenRotation: Scenario = {
  name: 'token-rotation',
  description: "The cluster's bearer token is rotated: the configured one gets 401 until the scenario stops (old token back).",
  params: {},
  start(ctx) {
    const old = ctx.cluster.token;
    ctx.cluster.rotateToken();
    return () => {
      ctx.cluster.rotateToken(old);
    };
  },
};

const forbidden: Scenario = {
  name: 'forbidden',
  description:
    "The user (default: the one the cluster's token authenticates as) loses its RBAC binding: still authenticated, but every list, get and watch gets 403 Forbidden; discovery and /version stay readable. Open watches are ended so clients meet it now (cutWatches=0 lets them run on, as a real server would).",
  params: { user: 'fleetscope', cutWatches: 1 },
  start(ctx) {
    const { cluster } = ctx;
    const user = String(ctx.params.user ?? cluster.tokenUser);
    cluster.setForbidden([...cluster.forbidden.filter((u) => u !== user), user]);
    if (num(ctx, 'cutWatches', 1)) cluster.kube.closeWatches();
    return () => {
      cluster.setForbidden(cluster.forbidden.filter((u) => u !== user));
    };
  },
};

const costSpike: Scenario = {
  name: 'cost-spike',
  description: 'A deployment scales out: new large nodes join and fill with big pods (requests), so cost jumps.',
  params: { nodes: 4, podsPerNode: 6, instanceType: 'm5.4xlarge', workload: 'checkout-api' },
  start(ctx) {
    const live = ctx.cluster.live;
    const spec = { ...live.model.spec, instanceTypes: [String(ctx.params.instanceType || 'm5.4xlarge')] };
    const workload = String(ctx.params.workload || 'checkout-api');
    const namespace = workload.split('-')[0] || 'default';
    const added: { nodes: SimNode[]; pods: Array<{ namespace: string; name: string }> } = { nodes: [], pods: [] };
    const base = live.model.nodes.length;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    for (let i = 0; i < num(ctx, 'nodes', 4); i++) {
      const node = {
        ...buildNode(spec, base + i + 500, ctx.random),
        name: `${spec.name}-burst-${String(i).padStart(3, '0')}`,
        createdAt: now,
        readySince: now,
      };
      live.addNode(node);
      nodeEvent(ctx, node.name, 'RegisteredNode', 'Normal', `Node ${node.name} event: Registered Node ${node.name} in Controller`);
      added.nodes.push(node);
      for (let p = 0; p < num(ctx, 'podsPerNode', 6); p++) {
        const pod = buildPod({ namespace, workload, node, ordinal: 2, random: ctx.random, createdAt: now });
        pod.containers[0]!.cpuRequestCores = 2;
        pod.containers[0]!.memoryRequestBytes = 8 * 1024 ** 3;
        live.addPod(pod);
        added.pods.push({ namespace: pod.namespace, name: pod.name });
      }
    }
    ctx.cluster.kube.createEvent({
      namespace,
      involvedObject: { kind: 'Deployment', name: workload, namespace, apiVersion: 'apps/v1' },
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${workload} to ${added.pods.length}`,
      source: { component: 'deployment-controller' },
    });
    return () => {
      for (const pod of added.pods)
        if (live.model.pods.some((p) => p.namespace === pod.namespace && p.name === pod.name)) live.deletePod(pod.namespace, pod.name);
      for (const node of added.nodes) if (live.model.nodes.includes(node)) live.deleteNode(node.name);
    };
  },
};

const ambient: Scenario = {
  name: 'ambient',
  description:
    'Everyday life for the demo: crash-looping containers keep restarting (BackOff counts grow), pods pull and start, now and then a readiness probe fails; old events expire.',
  params: { stepMs: 15000, keepEvents: 200 },
  start(ctx) {
    const { cluster, random } = ctx;
    const live = cluster.live;
    const step = () => {
      const now = Date.now();
      for (const pod of live.model.pods) {
        const container = pod.containers.find((c) => c.waitingReason === 'CrashLoopBackOff');
        if (!container) continue;
        live.updatePod(pod.namespace, pod.name, () => {
          container.restarts += 1;
          container.lastTerminatedAtMs = now;
        });
        const backOff = cluster.kube.store
          .list('events')
          .find((e) => e.reason === 'BackOff' && at(e, 'involvedObject.name') === pod.name && e.metadata.namespace === pod.namespace);
        if (backOff) cluster.kube.patchEvent(pod.namespace, backOff.metadata.name, { count: Number(backOff.count ?? 1) + 1 });
      }
      const pods = live.model.pods.filter((p) => !p.containers.some((c) => c.waitingReason));
      const pod = pods[Math.floor(random() * pods.length)];
      if (pod) {
        const container = pod.containers[0]!;
        const involved = { kind: 'Pod', name: pod.name, namespace: pod.namespace, uid: pod.uid, fieldPath: `spec.containers{${container.name}}` };
        const source = { component: 'kubelet', host: pod.node };
        if (random() < 0.25) {
          cluster.kube.createEvent({
            namespace: pod.namespace,
            involvedObject: involved,
            reason: 'Unhealthy',
            type: 'Warning',
            message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
            source,
          });
        } else {
          cluster.kube.createEvent({
            namespace: pod.namespace,
            involvedObject: involved,
            reason: 'Pulled',
            message: `Container image "${container.image}" already present on machine`,
            source,
          });
        }
      }
      // Events expire (the API server keeps them an hour); here: the oldest beyond keepEvents go.
      const events = cluster.kube.store.list('events').sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
      for (const old of events.slice(0, Math.max(0, events.length - num(ctx, 'keepEvents', 200))))
        cluster.kube.deleteEvent(old.metadata.namespace ?? 'default', old.metadata.name);
    };
    ctx.every(num(ctx, 'stepMs', 15000), step);
    return () => undefined;
  },
};

/** When the cluster's companion state was built: what its timestamps are written as of. */
const builtMs = (ctx: ScenarioContext): number => ctx.cluster.live.model.companions.builtMs;

/**
 * Changes one companion of the cluster for the scenario's life; a cluster
 * without that companion gets it (its everyday state) first, and loses it again at the end.
 */
function withCompanion<K extends keyof SimCompanionState>(
  ctx: ScenarioContext,
  key: K,
  change: (value: NonNullable<SimCompanionState[K]>) => void,
): () => void {
  const live = ctx.cluster.live;
  const before = structuredClone(live.model.companions[key]);
  // Built at the same time as the cluster's companions, whose timestamps move on from then (SimCompanionState.builtMs).
  const everyday = buildCompanions({ [key]: true }, { cluster: live.model.spec.name, nodes: live.model.nodes.length, nowMs: builtMs(ctx) })[key];
  live.updateCompanions((companions) => {
    companions[key] = structuredClone(companions[key] ?? everyday);
    change(companions[key] as NonNullable<SimCompanionState[K]>);
  });
  return () => live.updateCompanions((companions) => void (companions[key] = before));
}

const backupStale: Scenario = {
  name: 'backup-stale',
  description: "Velero's backups stop succeeding: every schedule's last successful backup is `days` old and failures climb.",
  params: { days: 3, failures: 3 },
  start(ctx) {
    return withCompanion(ctx, 'velero', (schedules) => {
      for (const s of schedules) {
        // Timestamps are written as of builtMs and move with the clock from there (companion-families.ts).
        s.lastSuccessMs = builtMs(ctx) - num(ctx, 'days', 3) * 86_400_000;
        s.failures += num(ctx, 'failures', 3);
      }
    });
  },
};

const argocdOutOfSync: Scenario = {
  name: 'argocd-out-of-sync',
  description: 'An Argo CD application drifts from Git: sync_status OutOfSync (health Degraded with degraded=1).',
  params: { app: 'checkout', degraded: 0 },
  start(ctx) {
    const name = String(ctx.params.app || 'checkout');
    return withCompanion(ctx, 'argocd', (apps) => {
      for (const app of apps.filter((a) => a.name === name || !apps.some((b) => b.name === name)).slice(0, 1)) {
        app.syncStatus = 'OutOfSync';
        if (num(ctx, 'degraded', 0)) app.healthStatus = 'Degraded';
      }
    });
  },
};

const certificateExpiring: Scenario = {
  name: 'certificate-expiring',
  description: 'A cert-manager certificate stops renewing: it expires in `days` days (ready=0 makes it not Ready as well).',
  params: { days: 5, certificate: 'wildcard-tls', ready: 1 },
  start(ctx) {
    const name = String(ctx.params.certificate || 'wildcard-tls');
    return withCompanion(ctx, 'certManager', (certificates) => {
      for (const c of certificates.filter((x) => x.name === name || !certificates.some((y) => y.name === name)).slice(0, 1)) {
        c.expiresMs = builtMs(ctx) + num(ctx, 'days', 5) * 86_400_000;
        c.ready = num(ctx, 'ready', 1) !== 0;
      }
    });
  },
};

const deprecatedApiInUse: Scenario = {
  name: 'deprecated-api-in-use',
  description: 'A client keeps calling a deprecated API: apiserver_requested_deprecated_apis names it, removed in `removedRelease` (default: the next minor).',
  params: { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', resource: 'flowschemas', removedRelease: '' },
  start(ctx) {
    const live = ctx.cluster.live;
    const api = {
      group: String(ctx.params.group),
      version: String(ctx.params.version),
      resource: String(ctx.params.resource),
      subresource: '',
      removedRelease: String(ctx.params.removedRelease || nextMinor(live.model.spec.version).replace(/^v(\d+\.\d+).*/, '$1')),
    };
    live.updateCompanions((c) => void (c.deprecatedApis = [...c.deprecatedApis, api]));
    return () => live.updateCompanions((c) => void (c.deprecatedApis = c.deprecatedApis.filter((a) => a !== api)));
  },
};

/** Every scenario by name. */
export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  [
    nodeNotReady,
    crashLoopStorm,
    kubeletUpgrade,
    blackout,
    slow,
    garbage,
    truncated,
    tokenRotation,
    forbidden,
    costSpike,
    ambient,
    backupStale,
    argocdOutOfSync,
    certificateExpiring,
    deprecatedApiInUse,
  ].map((s) => [s.name, s]),
);
