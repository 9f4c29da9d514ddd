import { z } from 'zod';
import type { SparkPoint } from '../../shared/protocol';
import type { Logger } from '../log';
import type { QueryTarget } from '../sources/federate/query-targets';

const MINUTE = 60_000;

/**
 * The series a tile without the Kubernetes API follows: containers waiting
 * (CrashLoopBackOff, ImagePullBackOff, ContainerCreating…: kube-state-metrics'
 * kube_pod_container_status_waiting_reason, 1 per waiting container), read
 * from the cluster's own Prometheus with query_range, so it holds the last
 * hour whatever fleetscope did meanwhile (restarts included).
 */
export const WAITING_QUERY = 'sum(kube_pod_container_status_waiting_reason)';

/**
 * The sum over no waiting container is no series at all: it reads 0 only at
 * the steps where kube-state-metrics reports pods, so a Prometheus without
 * kube-state-metrics gives no line rather than a line at 0.
 */
export const PODS_QUERY = 'count(kube_pod_info)';

const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ values: z.array(z.tuple([z.number(), z.string()])) })),
});

/** The finite values of a matrix's first series by time in ms; null when the data is not a matrix. */
function valuesOf(data: unknown): Map<number, number> | null {
  const parsed = matrix.safeParse(data);
  if (!parsed.success) return null;
  const values = new Map<number, number>();
  for (const [t, v] of parsed.data.result[0]?.values ?? []) if (Number.isFinite(Number(v))) values.set(Math.round(t * 1000), Number(v));
  return values;
}

/**
 * The points of the two query_range answers' data (WAITING_QUERY's and
 * PODS_QUERY's), oldest first: at each step where kube-state-metrics reports
 * pods, the containers waiting (0 where the sum has no value). A step without
 * pods gets no point: nothing is made up for a minute nobody reported. Null
 * when either is not a matrix. Pure.
 */
export function sparkOfRange(waiting: unknown, pods: unknown): SparkPoint[] | null {
  const waits = valuesOf(waiting);
  const reported = valuesOf(pods);
  if (!waits || !reported) return null;
  return [...reported.keys()].sort((a, b) => a - b).map((t) => ({ t, v: waits.get(t) ?? 0 }));
}

export interface PrometheusSparks {
  /** The last hour read for `cluster`, oldest first; empty until the first answer. */
  points(cluster: string): SparkPoint[];
  /** Asks every wanted cluster now, then once a minute. */
  start(): void;
  stop(): void;
}

/**
 * Once a minute, the waiting containers of the last `minutes` of each cluster
 * that has a Prometheus and no Kubernetes API (`wanted`), two query_range
 * each (waiting containers, pods reported) at a one-minute step; `onPoints` is told which cluster has new ones. A
 * cluster whose Prometheus does not answer keeps what it had.
 */
export function createPrometheusSparks(options: {
  targets: () => readonly QueryTarget[];
  wanted: (cluster: string) => boolean;
  minutes: number;
  now: () => number;
  onPoints: (cluster: string) => void;
  logger: Logger;
}): PrometheusSparks {
  const held = new Map<string, SparkPoint[]>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  const ask = async (target: QueryTarget) => {
    // Up to this second: a Prometheus started a moment ago already has its newest point.
    const endMs = Math.floor(options.now() / 1000) * 1000;
    const startMs = endMs - (options.minutes - 1) * MINUTE;
    const range = (query: string) => target.run({ kind: 'range', query, startMs, endMs, stepSeconds: 60 }, abort.signal);
    const [waiting, pods] = await Promise.all([range(WAITING_QUERY), range(PODS_QUERY)]);
    if (!waiting.ok || !pods.ok) {
      const problem = [waiting, pods].map((o) => (o.ok ? '' : o.message)).join(' ');
      options.logger.debug({ cluster: target.cluster, problem: problem.trim() }, 'sparkline query_range failed');
      return;
    }
    const points = sparkOfRange(waiting.data, pods.data);
    if (!points) return;
    const before = held.get(target.cluster);
    held.set(target.cluster, points);
    if (before?.length !== points.length || before.at(-1)?.t !== points.at(-1)?.t) options.onPoints(target.cluster);
  };
  // One question in flight per cluster: a slow Prometheus is not asked again before it answers, and holds back no other.
  const asking = new Set<string>();
  const refresh = () => {
    for (const target of options.targets()) {
      if (!options.wanted(target.cluster) || asking.has(target.cluster)) continue;
      asking.add(target.cluster);
      void ask(target)
        .catch(() => undefined)
        .finally(() => asking.delete(target.cluster));
    }
  };
  return {
    points: (cluster) => held.get(cluster) ?? [],
    start() {
      refresh();
      timer = setInterval(refresh, MINUTE);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      abort.abort();
    },
  };
}
