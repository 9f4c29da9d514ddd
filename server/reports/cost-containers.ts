import type { ClusterSnapshot } from '../fleet/types';
import { counterRates } from './counter-rate';
import { podKey, podPhases, type SeriesLookup } from './inputs';

/** The running containers of one cluster with their requests and usage, as the cost report charges them. */

/**
 * Series carrying per-container CPU usage in cores. cAdvisor's
 * container_cpu_usage_seconds_total is a counter, so one snapshot cannot give
 * a rate; these are the kube-prometheus recording rules that federate it.
 */
export const CPU_USAGE_SERIES = [
  'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m',
  'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate',
  'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate',
] as const;
export const MEMORY_USAGE_SERIES = 'container_memory_working_set_bytes';
export const CPU_COUNTER = 'container_cpu_usage_seconds_total';

export const isGpu = (resource: string) => /(^|_)gpu$/.test(resource);

/** A running container and its requests; usage is passed beside it (see eachContainer). */
export interface Container {
  namespace: string;
  pod: string;
  /** `namespace/pod` (podKey), made once per container. */
  podKey: string;
  node: string;
  cpuRequest: number;
  memoryRequest: number;
  gpuRequest: number;
}

export function containerKey(labels: Readonly<Record<string, string>>): string {
  return `${labels.namespace ?? ''}/${labels.pod ?? ''}/${labels.container ?? ''}`;
}

/**
 * Per-container usage by key, skipping cAdvisor's pod-level ("" and "POD")
 * rows. A container seen twice (scraped by two jobs) counts once, at its highest value.
 */
export function usageByContainer(samples: readonly { labels: Readonly<Record<string, string>>; value: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    const container = s.labels.container ?? '';
    if (!container || container === 'POD' || !Number.isFinite(s.value)) continue;
    const key = containerKey(s.labels);
    out.set(key, Math.max(out.get(key) ?? 0, s.value));
  }
  return out;
}

/** What readContainers needs besides usage: pods' nodes and phases, and the requests of running containers. */
interface ContainerBase {
  podNodes: ReadonlyMap<string, string>;
  /** Pod phases; null when kube_pod_status_phase is absent (then every pod counts as running). */
  phases: ReadonlyMap<string, string> | null;
  /** Running containers with their requests, by containerKey. */
  requested: ReadonlyMap<string, Readonly<Container>>;
}

function readContainerBase(series: SeriesLookup): ContainerBase {
  const podNodes = new Map<string, string>();
  for (const s of series.get('kube_pod_info') ?? []) if (s.labels.node) podNodes.set(podKey(s.labels), s.labels.node);
  const phasesSeries = series.get('kube_pod_status_phase');
  const phases = phasesSeries ? podPhases(phasesSeries) : null;
  const requested = new Map<string, Container>();
  for (const s of series.get('kube_pod_container_resource_requests') ?? []) {
    if (!isRunning(phases, s.labels) || !Number.isFinite(s.value)) continue;
    const key = containerKey(s.labels);
    let c = requested.get(key);
    if (!c) requested.set(key, (c = newContainer(s.labels, podNodes)));
    const resource = s.labels.resource ?? '';
    if (resource === 'cpu') c.cpuRequest += s.value;
    else if (resource === 'memory') c.memoryRequest += s.value;
    else if (isGpu(resource)) c.gpuRequest += s.value;
  }
  return { podNodes, phases, requested };
}

/** Whether the container's pod runs; every pod does when phases are unknown. */
function isRunning(phases: ReadonlyMap<string, string> | null, labels: Readonly<Record<string, string>>): boolean {
  return !phases || phases.get(podKey(labels)) === 'Running';
}

function newContainer(labels: Readonly<Record<string, string>>, podNodes: ReadonlyMap<string, string>): Container {
  const key = podKey(labels);
  return {
    namespace: labels.namespace ?? '',
    pod: labels.pod ?? '',
    podKey: key,
    node: labels.node || podNodes.get(key) || '',
    cpuRequest: 0,
    memoryRequest: 0,
    gpuRequest: 0,
  };
}

/**
 * Calls `visit` with each running container, its requests and its usage
 * (null when unknown), and returns how many there were. The part read from
 * requests, pods and phases is kept across scrapes while those do not change
 * (see SeriesLookup.derive); usage is applied each time, and nothing is made
 * per requested container.
 */
export function eachContainer(
  series: SeriesLookup,
  cpuUsage: ReadonlyMap<string, number> | null,
  memoryUsage: ReadonlyMap<string, number> | null,
  visit: (container: Readonly<Container>, cpuUsage: number | null, memoryUsage: number | null) => void,
): number {
  const base = series.derive('containerBase', ['kube_pod_info', 'kube_pod_status_phase', 'kube_pod_container_resource_requests'], () => readContainerBase(series));
  // forEach rather than for…of: no [key, value] pair made per entry.
  base.requested.forEach((c, key) => visit(c, cpuUsage?.get(key) ?? null, memoryUsage?.get(key) ?? null));
  // Usage of a running container without requests still costs (OpenCost charges max(request, usage)).
  const unrequested = new Map<string, { container: Container; cpu: number | null; memory: number | null }>();
  const addUsage = (usage: ReadonlyMap<string, number> | null, field: 'cpu' | 'memory') =>
    usage?.forEach((value, key) => {
      if (base.requested.has(key)) return;
      let u = unrequested.get(key);
      if (!u) {
        const [namespace = '', pod = '', container = ''] = key.split('/');
        const labels = { namespace, pod, container };
        if (!isRunning(base.phases, labels)) return;
        unrequested.set(key, (u = { container: newContainer(labels, base.podNodes), cpu: null, memory: null }));
      }
      u[field] = value;
    });
  addUsage(cpuUsage, 'cpu');
  addUsage(memoryUsage, 'memory');
  for (const u of unrequested.values()) visit(u.container, u.cpu, u.memory);
  return base.requested.size + unrequested.size;
}

/** Keys cAdvisor rows by container, skipping its pod-level ("" and "POD") rows. */
function cadvisorKey(labels: Readonly<Record<string, string>>): string | null {
  const container = labels.container ?? '';
  return !container || container === 'POD' ? null : containerKey(labels);
}

/**
 * CPU usage in cores per container: a rate recording rule when federated,
 * else the rate of cAdvisor's counter between `previous` and this snapshot.
 */
export function cpuUsage(cluster: ClusterSnapshot, series: SeriesLookup, previous: ClusterSnapshot | undefined): { usage: Map<string, number>; source: string } | null {
  const recorded = series.first(CPU_USAGE_SERIES);
  if (recorded) return { usage: usageByContainer(recorded.samples), source: recorded.name };
  if (!series.has(CPU_COUNTER)) return null;
  const rates = counterRates({ current: cluster, previous, metric: CPU_COUNTER, keyOf: cadvisorKey });
  return rates ? { usage: rates, source: `rate(${CPU_COUNTER})` } : null;
}
