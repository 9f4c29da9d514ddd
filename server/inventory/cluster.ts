import type { FleetEvent } from '../../shared/events';
import type { NodeInfo } from '../../shared/nodes';
import type { MissingInput } from '../../shared/reports/common';
import { formatDuration } from '../config/duration';
import type { ScrapedSeries } from '../fleet/series';
import { freshSeries } from '../fleet/staleness';
import type { ClusterSnapshot } from '../fleet/types';
import { createCompanionsMemo, NO_COMPANIONS, readCompanions, type CompanionsMemo } from './companions/read';
import { runningContainers, type ContainerBase } from './containers';
import { controlPlane } from './control-plane';
import type { EarlierCounters } from './earlier';
import { SectionMemo } from './memo';
import { METRICS } from './metrics';
import { chooseNodes, nodeResources, WatchedMemo } from './nodes';
import { containerImages, IMAGE_INPUTS, podPhases, podWorkloads, waitingContainers, WORKLOAD_INPUTS } from './pods';
import { firingAlerts, storage, targets } from './prometheus-series';
import { readRestarts } from './restarts';
import type {
  ClusterInventory,
  Companions,
  ContainerImage,
  Containers,
  ControlPlaneComponent,
  FiringAlert,
  KubernetesStatus,
  NodeList,
  NodeResource,
  PodPhases,
  PrometheusStatus,
  Restarts,
  Storage,
  Target,
  WaitingContainer,
  Workloads,
} from './types';

/** What one cluster's inventory keeps from scrape to scrape: each section's last value (see SectionMemo). */
export interface InventoryMemo {
  readonly watchedNodes: WatchedMemo;
  readonly stateMetricsNodes: SectionMemo<NodeList | null>;
  readonly capacity: SectionMemo<readonly NodeResource[] | null>;
  readonly allocatable: SectionMemo<readonly NodeResource[] | null>;
  readonly phases: SectionMemo<PodPhases | null>;
  readonly waiting: SectionMemo<readonly WaitingContainer[]>;
  readonly workloads: SectionMemo<Workloads>;
  readonly images: SectionMemo<readonly ContainerImage[]>;
  readonly containerBase: SectionMemo<ContainerBase>;
  readonly memoryUsage: SectionMemo<ReadonlyMap<string, number>>;
  readonly restartCounts: SectionMemo<ReadonlyMap<string, number>>;
  readonly controlPlane: SectionMemo<readonly ControlPlaneComponent[]>;
  readonly storage: SectionMemo<Storage>;
  readonly alerts: SectionMemo<readonly FiringAlert[]>;
  readonly companions: CompanionsMemo;
}

export function createInventoryMemo(): InventoryMemo {
  return {
    watchedNodes: new WatchedMemo(),
    stateMetricsNodes: new SectionMemo(),
    capacity: new SectionMemo(),
    allocatable: new SectionMemo(),
    phases: new SectionMemo(),
    waiting: new SectionMemo(),
    workloads: new SectionMemo(),
    images: new SectionMemo(),
    containerBase: new SectionMemo(),
    memoryUsage: new SectionMemo(),
    restartCounts: new SectionMemo(),
    controlPlane: new SectionMemo(),
    storage: new SectionMemo(),
    alerts: new SectionMemo(),
    companions: createCompanionsMemo(),
  };
}

export interface InventorySettings {
  /** Age past which the Kubernetes API's data is stale (reports.health.staleAfter). The federated series' bound is each cluster's prometheus.staleAfter. */
  readonly kubernetesStaleAfterMs: number;
}

export interface ReadInventoryOptions {
  cluster: ClusterSnapshot;
  /** The time freshness is judged at. */
  at: number;
  settings: InventorySettings;
  /** The cluster's counters of about a minute earlier (see CounterWindow); absent: counters have no rate. */
  earlier?: EarlierCounters | null;
  /** The cluster's memo; absent: nothing is kept. */
  memo?: InventoryMemo;
}

/**
 * One cluster's inventory at `at`. Parts are read on first use and at most
 * once per inventory; with a memo, a part whose metrics did not change since
 * the last scrape is not read again.
 */
export function readInventory(options: ReadInventoryOptions): ClusterInventory {
  return new SnapshotInventory(options);
}

const NO_WAITING: readonly WaitingContainer[] = Object.freeze([]);
const NO_WORKLOADS: Workloads = Object.freeze({
  of: () => undefined,
  resolve: (_namespace: string, pod: string) => ({ workload: `Pod/${pod}`, basis: 'none' as const }),
});
const NO_CONTAINERS: Containers = Object.freeze({ cpuUsageSource: null, memoryUsageKnown: false, forEach: () => 0 });
const NO_RESTARTS: Restarts = Object.freeze({ counted: false, byContainer: new Map(), lastTerminated: null, sinceEarlier: null });
const NO_STORAGE: Storage = Object.freeze({ claims: null, volumes: null });
const NO_IMAGES: readonly ContainerImage[] = Object.freeze([]);
const NO_COMPONENTS: readonly ControlPlaneComponent[] = Object.freeze([]);
const NO_ALERTS: readonly FiringAlert[] = Object.freeze([]);

/** The parts of one inventory, each read on first use. */
interface Parts {
  nodes?: { value: NodeList | null };
  capacity?: { value: readonly NodeResource[] | null };
  allocatable?: { value: readonly NodeResource[] | null };
  pods?: { value: PodPhases | null };
  waiting?: { value: readonly WaitingContainer[] };
  workloads?: { value: Workloads };
  images?: { value: readonly ContainerImage[] };
  containers?: { value: Containers };
  restarts?: { value: Restarts };
  storage?: { value: Storage };
  controlPlane?: { value: readonly ControlPlaneComponent[] };
  targets?: { value: readonly Target[] | null };
  alerts?: { value: readonly FiringAlert[] };
  companions?: { value: Companions };
}

class SnapshotInventory implements ClusterInventory {
  readonly cluster: string;
  readonly labels: ClusterSnapshot['labels'];
  readonly at: number;
  readonly prometheus: PrometheusStatus | null;
  readonly kubernetes: KubernetesStatus | null;
  readonly fresh: { readonly prometheus: boolean; readonly kubernetes: boolean };
  readonly events: readonly FleetEvent[];
  readonly inputs: readonly unknown[];
  /** The federated series while fresh at `at`, else null. */
  private readonly series: ScrapedSeries | null;
  private readonly watched: readonly NodeInfo[] | null;
  private readonly memo: InventoryMemo;
  private readonly earlier: EarlierCounters | null;
  private readonly once: Parts = {};

  constructor(options: ReadInventoryOptions) {
    const { cluster, at } = options;
    this.cluster = cluster.name;
    this.labels = cluster.labels;
    this.at = at;
    this.prometheus = cluster.prometheus;
    const kube = cluster.kubernetes;
    const staleAfterMs = options.settings.kubernetesStaleAfterMs;
    this.kubernetes = kube && {
      lastAttempt: kube.lastAttempt,
      lastSuccess: kube.lastSuccess,
      lastDurationMs: kube.lastDurationMs,
      error: kube.error,
      failures: kube.failures,
      version: kube.version,
      watches: kube.watches,
      staleAfterMs,
    };
    this.watched = cluster.kubernetes?.nodes ?? null;
    this.series = freshSeries(cluster.prometheus, at);
    this.fresh = { prometheus: this.series !== null, kubernetes: kube?.lastSuccess != null && at - kube.lastSuccess <= staleAfterMs };
    this.events = cluster.kubernetes?.events ?? [];
    this.memo = options.memo ?? createInventoryMemo();
    this.earlier = options.earlier ?? null;
    this.inputs = [cluster.prometheus, kube?.version ?? null, this.watched, cluster.labels, this.earlier];
  }

  federates(metric: string): boolean {
    return this.series?.has(metric) ?? false;
  }

  missing(metric: string, effect: string): MissingInput {
    const prometheus = this.prometheus;
    if (!prometheus) return { input: metric, effect: `${effect} (no Prometheus configured for this cluster)` };
    if (prometheus.lastSuccess === null) return { input: metric, effect: `${effect} (Prometheus not scraped successfully yet)` };
    if (!this.series) {
      return {
        input: metric,
        effect: `${effect} (Prometheus data ${formatDuration(this.at - prometheus.lastSuccess)} old, stale after ${formatDuration(prometheus.staleAfterMs)})`,
      };
    }
    return { input: metric, effect: `${effect} (not in the federated series)` };
  }

  /** `read` with the fresh series, or `none` without them. */
  private fromSeries<T>(none: T, read: (series: ScrapedSeries) => T): { value: T } {
    return { value: this.series ? read(this.series) : none };
  }

  get nodes(): NodeList | null {
    const memo = { watched: this.memo.watchedNodes, stateMetrics: this.memo.stateMetricsNodes };
    return (this.once.nodes ??= { value: chooseNodes({ watched: this.watched, kubernetesFresh: this.fresh.kubernetes, series: this.series, memo }) }).value;
  }

  get capacity(): readonly NodeResource[] | null {
    return (this.once.capacity ??= this.fromSeries(null, (series) =>
      this.memo.capacity.read(series, [METRICS.nodeCapacity], () => nodeResources(series, METRICS.nodeCapacity)),
    )).value;
  }

  get allocatable(): readonly NodeResource[] | null {
    const metric = METRICS.nodeAllocatable;
    return (this.once.allocatable ??= this.fromSeries(null, (series) => this.memo.allocatable.read(series, [metric], () => nodeResources(series, metric))))
      .value;
  }

  get pods(): PodPhases | null {
    return (this.once.pods ??= this.fromSeries(null, (series) => this.memo.phases.read(series, [METRICS.podPhase], () => podPhases(series)))).value;
  }

  get waiting(): readonly WaitingContainer[] {
    return (this.once.waiting ??= this.fromSeries(NO_WAITING, (series) =>
      this.memo.waiting.read(series, [METRICS.containerWaiting], () => waitingContainers(series)),
    )).value;
  }

  get workloads(): Workloads {
    return (this.once.workloads ??= this.fromSeries(NO_WORKLOADS, (series) => this.memo.workloads.read(series, WORKLOAD_INPUTS, () => podWorkloads(series))))
      .value;
  }

  get images(): readonly ContainerImage[] {
    return (this.once.images ??= this.fromSeries(NO_IMAGES, (series) =>
      this.memo.images.read(series, IMAGE_INPUTS, () => containerImages(series, this.workloads)),
    )).value;
  }

  get containers(): Containers {
    const lastSuccess = this.prometheus?.lastSuccess ?? null;
    const memo = { base: this.memo.containerBase, memory: this.memo.memoryUsage };
    return (this.once.containers ??= this.fromSeries(NO_CONTAINERS, (series) => runningContainers({ series, lastSuccess, earlier: this.earlier, memo }))).value;
  }

  get restarts(): Restarts {
    const lastSuccess = this.prometheus?.lastSuccess ?? null;
    return (this.once.restarts ??= this.fromSeries(NO_RESTARTS, (series) =>
      readRestarts({ series, lastSuccess, earlier: this.earlier, memo: this.memo.restartCounts }),
    )).value;
  }

  get storage(): Storage {
    return (this.once.storage ??= this.fromSeries(NO_STORAGE, (series) =>
      this.memo.storage.read(series, [METRICS.claimRequests, METRICS.volumeCapacity], () => storage(series)),
    )).value;
  }

  get controlPlane(): readonly ControlPlaneComponent[] {
    return (this.once.controlPlane ??= this.fromSeries(NO_COMPONENTS, (series) =>
      this.memo.controlPlane.read(series, [METRICS.buildInfo], () => controlPlane(series)),
    )).value;
  }

  get targets(): readonly Target[] | null {
    return (this.once.targets ??= this.fromSeries(null, (series) => targets(series))).value;
  }

  get alerts(): readonly FiringAlert[] {
    return (this.once.alerts ??= this.fromSeries(NO_ALERTS, (series) => this.memo.alerts.read(series, [METRICS.alerts], () => firingAlerts(series)))).value;
  }

  get companions(): Companions {
    const lastSuccess = this.prometheus?.lastSuccess ?? null;
    return (this.once.companions ??= this.fromSeries(NO_COMPANIONS, (series) =>
      readCompanions({ series, lastSuccess, earlier: this.earlier, targets: () => this.targets, memo: this.memo.companions }),
    )).value;
  }
}
