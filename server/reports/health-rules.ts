import type { MissingInput } from '../../shared/reports/common';
import type { HealthReportConfig } from '../config/schema/reports';
import { formatDuration } from '../config/duration';
import type { ClusterSnapshot, SourceState } from '../fleet/types';
import { containerKey } from './cost-containers';
import { counterRates, unchangedSince } from './counter-rate';
import { podKey, type SeriesLookup } from './inputs';

/** What a rule reads, so stale sources can be skipped. */
export type RuleInput = 'prometheus' | 'kubernetes' | 'either' | 'none';

export interface RuleContext {
  cluster: ClusterSnapshot;
  series: SeriesLookup;
  now: number;
  config: HealthReportConfig;
  /** Which sources hold data fresh enough to judge by. */
  fresh: { prometheus: boolean; kubernetes: boolean };
  /** The cluster about a minute earlier, to rate counters; absent in one-shot runs. */
  previous?: ClusterSnapshot;
}

/** A rule's reading: a value compared with the thresholds and the sentence shown when it trips. */
export type Measure = { value: number; message: string } | { missing: MissingInput } | null;

export interface HealthRule {
  id: string;
  /** What `value` counts, for docs/reports.md and the config reference. */
  unit: string;
  /** Default thresholds: at or above → that severity; null → never that severity. */
  warning: number | null;
  critical: number | null;
  input: RuleInput;
  measure(ctx: RuleContext): Measure;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function unreachable(label: string, state: SourceState | null, now: number): Measure {
  if (!state?.error) return null;
  const forMs = now - state.error.since;
  return { value: forMs / 60_000, message: `${label} unreachable for ${formatDuration(forMs)}: ${state.error.kind}` };
}

/** Ready and total nodes: from the node watch when present, else kube_node_status_condition. */
export function nodeReadiness(ctx: Pick<RuleContext, 'cluster' | 'series' | 'fresh'>): { total: number; ready: number; source: 'kubernetes-api' | 'kube_node_status_condition' } | null {
  const nodes = ctx.cluster.kubernetes?.nodes;
  if (nodes && ctx.fresh.kubernetes) {
    return { total: nodes.length, ready: nodes.filter((n) => n.ready).length, source: 'kubernetes-api' };
  }
  if (!ctx.fresh.prometheus) return null;
  return ctx.series.derive('nodeReadiness', ['kube_node_status_condition'], () => {
    const ready = new Map<string, boolean>();
    for (const s of ctx.series.get('kube_node_status_condition') ?? []) {
      if (s.labels.condition !== 'Ready') continue;
      const node = s.labels.node ?? '';
      ready.set(node, (ready.get(node) ?? false) || (s.labels.status === 'true' && s.value === 1));
    }
    if (ready.size === 0) return null;
    return { total: ready.size, ready: [...ready.values()].filter(Boolean).length, source: 'kube_node_status_condition' as const };
  });
}

const list = (names: string[], max = 3) => (names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', '));

/** Nodes with a condition other than Ready true, from kube_node_status_condition; null when absent. */
function nodePressure(series: SeriesLookup): ReadonlyMap<string, string[]> | null {
  return series.derive('nodePressure', ['kube_node_status_condition'], () => {
    const samples = series.get('kube_node_status_condition');
    if (!samples) return null;
    const found = new Map<string, string[]>();
    for (const s of samples) {
      if (s.labels.condition === 'Ready' || s.labels.status !== 'true' || s.value !== 1) continue;
      const node = s.labels.node ?? '';
      found.set(node, [...(found.get(node) ?? []), s.labels.condition ?? '']);
    }
    return found;
  });
}

/** Pods whose containers wait for one of `reasons` (kube_pod_container_status_waiting_reason is only exposed while waiting). */
function waitingPods(ctx: RuleContext, reasons: readonly string[], what: string): Measure {
  if (!ctx.series.has('kube_pod_status_phase')) return { missing: ctx.series.missing('kube_pod_status_phase', `${what} not checked`) };
  const pods = ctx.series.derive(`waitingPods ${reasons.join(',')}`, ['kube_pod_container_status_waiting_reason'], () => {
    const found = new Set<string>();
    for (const s of ctx.series.get('kube_pod_container_status_waiting_reason') ?? []) {
      if (s.value === 1 && reasons.includes(s.labels.reason ?? '')) found.add(podKey(s.labels));
    }
    return found.size;
  });
  return { value: pods, message: `${plural(pods, 'pod')} in ${what}` };
}

/** Pods per phase, from kube_pod_status_phase (kept across scrapes while it does not change); null when absent. */
function phaseCounts(series: SeriesLookup): ReadonlyMap<string, number> | null {
  return series.derive('phaseCounts', ['kube_pod_status_phase'], () => {
    const samples = series.get('kube_pod_status_phase');
    if (!samples) return null;
    const pods = new Map<string, Set<string>>();
    for (const s of samples) {
      if (s.value !== 1 || !s.labels.phase) continue;
      let set = pods.get(s.labels.phase);
      if (!set) pods.set(s.labels.phase, (set = new Set()));
      set.add(podKey(s.labels));
    }
    return new Map([...pods].map(([phase, set]) => [phase, set.size]));
  });
}

function podsInPhase(ctx: RuleContext, phase: string): Measure {
  const counts = phaseCounts(ctx.series);
  if (!counts) return { missing: ctx.series.missing('kube_pod_status_phase', `${phase} pods not counted`) };
  const pods = counts.get(phase) ?? 0;
  return { value: pods, message: `${plural(pods, 'pod')} ${phase}` };
}

function firingAlerts(ctx: RuleContext, critical: boolean): Measure {
  // ALERTS exists only while something is pending or firing, so its absence is not a missing input.
  const names = new Map<string, number>();
  for (const s of ctx.series.get('ALERTS') ?? []) {
    if (s.value !== 1 || s.labels.alertstate !== 'firing') continue;
    const name = s.labels.alertname ?? '';
    if (ctx.config.ignoredAlerts.includes(name)) continue;
    const severity = s.labels.severity ?? '';
    if (severity === 'none' || severity === 'info') continue;
    if ((severity === 'critical') !== critical) continue;
    names.set(name, (names.get(name) ?? 0) + 1);
  }
  const count = [...names.values()].reduce((a, b) => a + b, 0);
  const kind = critical ? 'critical' : 'warning';
  return { value: count, message: `${plural(count, `${kind} alert`)} firing${count ? `: ${list([...names.keys()].sort())}` : ''}` };
}

/** The counter the restart rate rates against the earlier snapshot when KSM's last-terminated timestamps are absent. */
export const RESTARTS_COUNTER = 'kube_pod_container_status_restarts_total';

/** Containers whose restart counter went up since the earlier snapshot, over the time between the two. */
function restartsSincePrevious(ctx: RuleContext): Measure {
  const now = ctx.cluster.prometheus?.lastSuccess;
  const before = ctx.previous?.prometheus?.lastSuccess;
  if (!now || !before || now <= before) return null;
  let restarted = 0;
  // A counter with the same series and values as the earlier snapshot rose nowhere: no need to read it.
  if (!unchangedSince(ctx.cluster, ctx.previous, RESTARTS_COUNTER)) {
    const rates = counterRates({ current: ctx.cluster, previous: ctx.previous, metric: RESTARTS_COUNTER, keyOf: containerKey });
    if (!rates) return null;
    restarted = [...rates.values()].filter((rate) => rate > 0).length;
  }
  return { value: restarted, message: `${plural(restarted, 'container')} restarted in the last ${formatDuration(now - before)}` };
}

/**
 * The health rules, as data. Thresholds are defaults; reports.health.rules
 * overrides them by id. Order is the order reasons of equal severity appear in.
 */
export const HEALTH_RULES: readonly HealthRule[] = [
  { id: 'prometheus_unreachable', unit: 'minutes failing', warning: 0, critical: null, input: 'none', measure: (ctx) => unreachable('Prometheus', ctx.cluster.prometheus, ctx.now) },
  { id: 'kubernetes_unreachable', unit: 'minutes failing', warning: 0, critical: null, input: 'none', measure: (ctx) => unreachable('Kubernetes API', ctx.cluster.kubernetes, ctx.now) },
  {
    id: 'nodes_not_ready',
    unit: 'percent of nodes NotReady',
    warning: 0.001,
    critical: 50,
    input: 'either',
    measure(ctx) {
      const nodes = nodeReadiness(ctx);
      if (!nodes) return { missing: ctx.series.missing('kube_node_status_condition', 'node readiness unknown: no node watch either') };
      const notReady = nodes.total - nodes.ready;
      return { value: nodes.total ? (100 * notReady) / nodes.total : 0, message: `${notReady} of ${plural(nodes.total, 'node')} NotReady` };
    },
  },
  {
    id: 'node_pressure',
    unit: 'nodes with a pressure condition',
    warning: 1,
    critical: null,
    input: 'either',
    measure(ctx) {
      const found = new Map<string, string[]>();
      const nodes = ctx.cluster.kubernetes?.nodes;
      if (nodes && ctx.fresh.kubernetes) {
        for (const n of nodes) if (n.problemConditions.length) found.set(n.name, n.problemConditions);
      } else {
        const pressure = ctx.fresh.prometheus ? nodePressure(ctx.series) : null;
        if (!pressure) return { missing: ctx.series.missing('kube_node_status_condition', 'node pressure conditions unknown') };
        for (const [node, conditions] of pressure) found.set(node, conditions);
      }
      const text = [...found].map(([n, c]) => `${n} (${c.join(', ')})`);
      return { value: found.size, message: `${plural(found.size, 'node')} under pressure${found.size ? `: ${list(text)}` : ''}` };
    },
  },
  { id: 'pods_crashloop', unit: 'pods in CrashLoopBackOff', warning: 1, critical: 10, input: 'prometheus', measure: (ctx) => waitingPods(ctx, ['CrashLoopBackOff'], 'CrashLoopBackOff') },
  { id: 'pods_image_pull', unit: 'pods failing to pull their image', warning: 1, critical: null, input: 'prometheus', measure: (ctx) => waitingPods(ctx, ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'], 'ImagePullBackOff') },
  { id: 'pods_pending', unit: 'pods Pending', warning: 5, critical: null, input: 'prometheus', measure: (ctx) => podsInPhase(ctx, 'Pending') },
  { id: 'pods_failed', unit: 'pods Failed', warning: 10, critical: null, input: 'prometheus', measure: (ctx) => podsInPhase(ctx, 'Failed') },
  {
    id: 'restart_rate',
    unit: 'containers restarted within the window',
    warning: 5,
    critical: 20,
    input: 'prometheus',
    measure(ctx) {
      // KSM's last-terminated timestamp says when each container last restarted; without it,
      // the restart counter is compared with the earlier snapshot.
      const series = ctx.series.get('kube_pod_container_status_last_terminated_timestamp');
      if (!series) {
        if (!ctx.series.has('kube_pod_container_status_restarts_total')) return { missing: ctx.series.missing('kube_pod_container_status_restarts_total', 'restart rate not checked') };
        const increased = restartsSincePrevious(ctx);
        if (increased) return increased;
        return { missing: ctx.series.missing('kube_pod_container_status_last_terminated_timestamp', 'restart rate waits for a second scrape of kube_pod_container_status_restarts_total') };
      }
      const since = (ctx.now - ctx.config.window) / 1000;
      const recent = series.filter((s) => s.value >= since).length;
      return { value: recent, message: `${plural(recent, 'container')} restarted in the last ${formatDuration(ctx.config.window)}` };
    },
  },
  {
    id: 'warning_events',
    unit: 'Warning events within the window',
    warning: 20,
    critical: 100,
    input: 'kubernetes',
    measure(ctx) {
      const kube = ctx.cluster.kubernetes;
      if (!kube) return null;
      const since = ctx.now - ctx.config.window;
      const recent = kube.events.filter((e) => e.type === 'Warning' && e.lastSeen >= since);
      const reasons = new Map<string, number>();
      for (const e of recent) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
      const top = [...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`);
      return { value: recent.length, message: `${plural(recent.length, 'warning event')} in the last ${formatDuration(ctx.config.window)}${top.length ? ` (${list(top)})` : ''}` };
    },
  },
  { id: 'alerts_critical', unit: 'critical alerts firing', warning: null, critical: 1, input: 'prometheus', measure: (ctx) => firingAlerts(ctx, true) },
  { id: 'alerts_warning', unit: 'other alerts firing', warning: 1, critical: null, input: 'prometheus', measure: (ctx) => firingAlerts(ctx, false) },
  {
    id: 'targets_down',
    unit: 'core scrape targets down',
    warning: 1,
    critical: null,
    input: 'prometheus',
    measure(ctx) {
      const up = ctx.series.get('up');
      if (!up) return { missing: ctx.series.missing('up', 'core target health not checked') };
      const down = up.filter((s) => s.value === 0 && ctx.config.coreJobs.includes(s.labels.job ?? '')).map((s) => `${s.labels.job}${s.labels.instance ? ` (${s.labels.instance})` : ''}`);
      return { value: down.length, message: `${plural(down.length, 'core target')} down${down.length ? `: ${list(down)}` : ''}` };
    },
  },
];
