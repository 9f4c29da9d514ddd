import type { Labels, ScrapedSeries } from '../fleet/series';
import { counterRates, type EarlierCounters } from './earlier';
import type { SectionMemo } from './memo';
import { containerKey, CPU_USAGE_RULES, isGpu, METRICS, podKey } from './metrics';
import { podPhases } from './pods';
import type { Container, Containers, PodPhases } from './types';

/**
 * Per-container usage by key, skipping cAdvisor's pod-level ("" and "POD")
 * rows. A container seen twice (scraped by two jobs) counts once, at its highest value.
 */
function usageByContainer(samples: readonly { labels: Labels; value: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    const container = s.labels.container ?? '';
    if (!container || container === 'POD' || !Number.isFinite(s.value)) continue;
    const key = containerKey(s.labels);
    out.set(key, Math.max(out.get(key) ?? 0, s.value));
  }
  return out;
}

/** What the containers read besides usage: pods' nodes and phases, and the requests of running containers. */
export interface ContainerBase {
  readonly podNodes: ReadonlyMap<string, string>;
  /** Null when kube_pod_status_phase is absent (then every pod counts as running). */
  readonly phases: PodPhases | null;
  /** Running containers with their requests, by containerKey. */
  readonly requested: ReadonlyMap<string, Container>;
}

/** What readContainerBase reads (what its memo compares). */
const CONTAINER_BASE_INPUTS = [METRICS.podInfo, METRICS.podPhase, METRICS.containerRequests] as const;

type Draft = { -readonly [K in keyof Container]: Container[K] };

function newContainer(labels: Labels, podNodes: ReadonlyMap<string, string>): Draft {
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

/** Whether the container's pod runs; every pod does when phases are unknown. */
function isRunning(phases: PodPhases | null, labels: Labels): boolean {
  return !phases || phases.phaseOf(podKey(labels)) === 'Running';
}

function readContainerBase(series: ScrapedSeries): ContainerBase {
  const podNodes = new Map<string, string>();
  for (const s of series.get(METRICS.podInfo) ?? []) if (s.labels.node) podNodes.set(podKey(s.labels), s.labels.node);
  const phases = podPhases(series);
  const requested = new Map<string, Draft>();
  for (const s of series.get(METRICS.containerRequests) ?? []) {
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

/** Keys cAdvisor rows by container, skipping its pod-level ("" and "POD") rows. */
function cadvisorKey(labels: Labels): string | null {
  const container = labels.container ?? '';
  return !container || container === 'POD' ? null : containerKey(labels);
}

/**
 * CPU usage in cores per container: a rate recording rule when federated,
 * else the rate of cAdvisor's counter since the earlier scrape.
 */
function cpuUsage(options: {
  series: ScrapedSeries;
  lastSuccess: number | null;
  earlier: EarlierCounters | null;
}): { usage: ReadonlyMap<string, number>; source: string } | null {
  const { series } = options;
  for (const rule of CPU_USAGE_RULES) {
    const samples = series.get(rule);
    if (samples) return { usage: usageByContainer(samples), source: rule };
  }
  if (!series.has(METRICS.cpuCounter)) return null;
  const rates = counterRates({ ...options, metric: METRICS.cpuCounter, keyOf: cadvisorKey });
  return rates ? { usage: rates, source: `rate(${METRICS.cpuCounter})` } : null;
}

/**
 * The running containers of one cluster with their requests and usage. The
 * part read from requests, pods and phases is kept across scrapes while
 * those do not change (`memo`); usage is applied at each visit, and nothing
 * is made per requested container.
 */
export function runningContainers(options: {
  series: ScrapedSeries;
  lastSuccess: number | null;
  earlier: EarlierCounters | null;
  memo: { base: SectionMemo<ContainerBase>; memory: SectionMemo<ReadonlyMap<string, number>> };
}): Containers {
  const { series, memo } = options;
  const base = memo.base.read(series, CONTAINER_BASE_INPUTS, () => readContainerBase(series));
  const cpu = cpuUsage(options);
  const memory = series.has(METRICS.memoryUsage)
    ? memo.memory.read(series, [METRICS.memoryUsage], () => usageByContainer(series.get(METRICS.memoryUsage) ?? []))
    : null;
  return {
    cpuUsageSource: cpu?.source ?? null,
    memoryUsageKnown: memory !== null,
    forEach: (visit) => visitContainers(base, cpu?.usage ?? null, memory, visit),
  };
}

function visitContainers(
  base: ContainerBase,
  cpuUsage: ReadonlyMap<string, number> | null,
  memoryUsage: ReadonlyMap<string, number> | null,
  visit: (container: Container, cpuUsage: number | null, memoryUsage: number | null) => void,
): number {
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
