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

const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ values: z.array(z.tuple([z.number(), z.string()])) })),
});

/**
 * The points of a query_range answer's data, one per step from `startMs` to
 * `endMs`: the sum's value, or 0 at a step where the sum has none (no
 * container was waiting: a sum over nothing is no series at all). Null when
 * the data is not a matrix. Pure.
 */
export function sparkOfRange(data: unknown, range: { startMs: number; endMs: number; stepMs: number }): SparkPoint[] | null {
  const parsed = matrix.safeParse(data);
  if (!parsed.success) return null;
  const values = new Map<number, number>();
  for (const [t, v] of parsed.data.result[0]?.values ?? []) values.set(Math.round(t * 1000), Number(v));
  const points: SparkPoint[] = [];
  for (let t = range.startMs; t <= range.endMs; t += range.stepMs) {
    const v = values.get(t) ?? 0;
    points.push({ t, v: Number.isFinite(v) ? v : 0 });
  }
  return points;
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
 * that has a Prometheus and no Kubernetes API (`wanted`), one query_range
 * each at a one-minute step; `onPoints` is told which cluster has new ones. A
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
    const endMs = Math.floor(options.now() / MINUTE) * MINUTE;
    const startMs = endMs - (options.minutes - 1) * MINUTE;
    const outcome = await target.run({ kind: 'range', query: WAITING_QUERY, startMs, endMs, stepSeconds: 60 }, abort.signal);
    if (!outcome.ok) {
      options.logger.debug({ cluster: target.cluster, problem: outcome.message }, 'sparkline query_range failed');
      return;
    }
    const points = sparkOfRange(outcome.data, { startMs, endMs, stepMs: MINUTE });
    if (!points) return;
    const before = held.get(target.cluster);
    held.set(target.cluster, points);
    if (before?.at(-1)?.t !== points.at(-1)?.t) options.onPoints(target.cluster);
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
