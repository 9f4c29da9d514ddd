import type { MissingInput } from '../../shared/reports/common';
import type { HealthReportConfig } from '../config/schema/reports';
import { formatDuration } from '../config/duration';
import type { SourceState } from '../fleet/types';
import { RELISTING_FROM, worstRelisting } from '../fleet/watches';
import { METRICS } from '../inventory/metrics';
import type { ClusterInventory } from '../inventory/types';

/** What a rule reads, so stale sources can be skipped. */
export type RuleInput = 'prometheus' | 'kubernetes' | 'either' | 'none';

export interface RuleContext {
  inventory: ClusterInventory;
  now: number;
  config: HealthReportConfig;
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

/** Kinds by which fleetscope itself refuses what a reachable source answered (limits, the fleet's series budget). */
const REFUSED: ReadonlySet<string> = new Set(['limit_exceeded', 'over_budget']);

function unreachable(label: string, state: SourceState | null, now: number): Measure {
  if (!state?.error) return null;
  const forMs = now - state.error.since;
  const { kind, message } = state.error;
  // A refused scrape reached the source: say so, with the limit its message names.
  if (REFUSED.has(kind)) return { value: forMs / 60_000, message: `${label} scrapes refused for ${formatDuration(forMs)}: ${kind}: ${message}` };
  return { value: forMs / 60_000, message: `${label} unreachable for ${formatDuration(forMs)}: ${kind}` };
}

/**
 * Ready and total nodes, from a fresh node list whose conditions are known:
 * the watch's nodes, or the nodes kube_node_status_condition has a Ready
 * condition for. Null when unknown.
 */
export function nodeReadiness(inventory: ClusterInventory): { total: number; ready: number; source: 'kubernetes-api' | 'kube_node_status_condition' } | null {
  const nodes = inventory.nodes;
  if (!nodes?.fresh || !nodes.conditionsKnown) return null;
  let total = 0;
  let ready = 0;
  for (const n of nodes.items) {
    if (n.ready === null) continue;
    total++;
    if (n.ready) ready++;
  }
  if (nodes.source === 'kubernetes-api') return { total, ready, source: 'kubernetes-api' };
  return total === 0 ? null : { total, ready, source: 'kube_node_status_condition' };
}

const list = (names: string[], max = 3) => (names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', '));

/** Pods with a container waiting for one of `reasons`. */
function waitingPods(ctx: RuleContext, reasons: readonly string[], what: string): Measure {
  const inventory = ctx.inventory;
  if (!inventory.pods) return { missing: inventory.missing(METRICS.podPhase, `${what} not checked`) };
  const pods = new Set<string>();
  for (const w of inventory.waiting) if (reasons.includes(w.reason ?? '')) pods.add(`${w.namespace}/${w.pod}`);
  return { value: pods.size, message: `${plural(pods.size, 'pod')} in ${what}` };
}

function podsInPhase(ctx: RuleContext, phase: string): Measure {
  const pods = ctx.inventory.pods;
  if (!pods) return { missing: ctx.inventory.missing(METRICS.podPhase, `${phase} pods not counted`) };
  const count = pods.count(phase);
  return { value: count, message: `${plural(count, 'pod')} ${phase}` };
}

function firingAlerts(ctx: RuleContext, critical: boolean): Measure {
  // ALERTS exists only while something is pending or firing, so its absence is not a missing input.
  const names = new Map<string, number>();
  for (const { labels } of ctx.inventory.alerts) {
    const name = labels.alertname ?? '';
    if (ctx.config.ignoredAlerts.includes(name)) continue;
    const severity = labels.severity ?? '';
    if (severity === 'none' || severity === 'info') continue;
    if ((severity === 'critical') !== critical) continue;
    names.set(name, (names.get(name) ?? 0) + 1);
  }
  const count = [...names.values()].reduce((a, b) => a + b, 0);
  const kind = critical ? 'critical' : 'warning';
  return { value: count, message: `${plural(count, `${kind} alert`)} firing${count ? `: ${list([...names.keys()].sort())}` : ''}` };
}

/**
 * The health rules, as data. Thresholds are defaults; reports.health.rules
 * overrides them by id. Order is the order reasons of equal severity appear in.
 */
export const HEALTH_RULES: readonly HealthRule[] = [
  {
    id: 'prometheus_unreachable',
    unit: 'minutes failing',
    warning: 0,
    critical: null,
    input: 'none',
    measure: (ctx) => unreachable('Prometheus', ctx.inventory.prometheus, ctx.now),
  },
  {
    id: 'kubernetes_unreachable',
    unit: 'minutes failing',
    warning: 0,
    critical: null,
    input: 'none',
    measure: (ctx) => unreachable('Kubernetes API', ctx.inventory.kubernetes, ctx.now),
  },
  {
    id: 'kubernetes_relisting',
    unit: 'relists in a row, each less than 2 minutes after the one before',
    warning: RELISTING_FROM,
    critical: null,
    input: 'none',
    measure(ctx) {
      const run = ctx.inventory.kubernetes && worstRelisting(ctx.inventory.kubernetes.watches, ctx.now);
      if (!run) return null;
      return {
        value: run.count,
        message: `Kubernetes API ${run.resource} watch relisting: ${plural(run.count, 'relist')} in ${formatDuration(ctx.now - run.since)} (${run.reason})`,
      };
    },
  },
  {
    id: 'nodes_not_ready',
    unit: 'percent of nodes NotReady',
    warning: 0.001,
    critical: 50,
    input: 'either',
    measure(ctx) {
      const nodes = nodeReadiness(ctx.inventory);
      if (!nodes) return { missing: ctx.inventory.missing(METRICS.nodeCondition, 'node readiness unknown: no node watch either') };
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
      const nodes = ctx.inventory.nodes;
      if (!nodes?.fresh || !nodes.conditionsKnown) return { missing: ctx.inventory.missing(METRICS.nodeCondition, 'node pressure conditions unknown') };
      const text = nodes.items.filter((n) => n.problems.length).map((n) => `${n.name} (${n.problems.join(', ')})`);
      return { value: text.length, message: `${plural(text.length, 'node')} under pressure${text.length ? `: ${list(text)}` : ''}` };
    },
  },
  {
    id: 'pods_crashloop',
    unit: 'pods in CrashLoopBackOff',
    warning: 1,
    critical: 10,
    input: 'prometheus',
    measure: (ctx) => waitingPods(ctx, ['CrashLoopBackOff'], 'CrashLoopBackOff'),
  },
  {
    id: 'pods_image_pull',
    unit: 'pods failing to pull their image',
    warning: 1,
    critical: null,
    input: 'prometheus',
    measure: (ctx) => waitingPods(ctx, ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'], 'ImagePullBackOff'),
  },
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
      // the restart counter is compared with the scrape of about a minute earlier.
      const restarts = ctx.inventory.restarts;
      if (!restarts.lastTerminated) {
        if (!restarts.counted) return { missing: ctx.inventory.missing(METRICS.containerRestarts, 'restart rate not checked') };
        const rose = restarts.sinceEarlier;
        if (rose) return { value: rose.restarted, message: `${plural(rose.restarted, 'container')} restarted in the last ${formatDuration(rose.overMs)}` };
        return { missing: ctx.inventory.missing(METRICS.containerLastTerminated, `restart rate waits for a second scrape of ${METRICS.containerRestarts}`) };
      }
      const since = (ctx.now - ctx.config.window) / 1000;
      const recent = restarts.lastTerminated.filter((at) => at >= since).length;
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
      if (!ctx.inventory.kubernetes) return null;
      const since = ctx.now - ctx.config.window;
      const recent = ctx.inventory.events.filter((e) => e.type === 'Warning' && e.lastSeen >= since);
      const reasons = new Map<string, number>();
      for (const e of recent) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
      const top = [...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`);
      return {
        value: recent.length,
        message: `${plural(recent.length, 'warning event')} in the last ${formatDuration(ctx.config.window)}${top.length ? ` (${list(top)})` : ''}`,
      };
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
      const targets = ctx.inventory.targets;
      if (!targets) return { missing: ctx.inventory.missing(METRICS.up, 'core target health not checked') };
      const down = targets.filter((t) => !t.up && ctx.config.coreJobs.includes(t.job)).map((t) => `${t.job}${t.instance ? ` (${t.instance})` : ''}`);
      return { value: down.length, message: `${plural(down.length, 'core target')} down${down.length ? `: ${list(down)}` : ''}` };
    },
  },
];
