import type { FleetSkew } from '../../shared/reports/skew';
import type { AlertRulesConfig } from '../config/schema/alerts';
import { freshSeries } from '../fleet/staleness';
import type { ClusterSnapshot, FleetSnapshot } from '../fleet/types';
import { eventBursts } from '../reports/event-bursts';
import { deriveFrom } from '../sources/federate/sample';
import type { Candidate } from './types';

/** Day-over-day cost of one cluster, from the store's daily history. */
export interface CostDays {
  today: number;
  yesterday: number;
  currency: string;
}

/** Everything the built-in rules read. Pure data; the clock is `now`. */
export interface RuleInputs {
  snapshot: FleetSnapshot;
  now: number;
  /** Base URL for links back (no trailing slash). */
  externalUrl: string;
  /** The skew report, once the skew report exists; null skips the skew and EOL rules. */
  skew: FleetSkew | null;
  costDays: ReadonlyMap<string, CostDays>;
}

type Settings<K extends keyof AlertRulesConfig> = AlertRulesConfig[K];

/** One finding of a rule: extra labels (besides alertname, cluster, severity) and the words for people. */
interface Finding {
  labels?: Record<string, string>;
  summary: string;
  description: string;
  activeSince?: number;
}

export function clusterLink(externalUrl: string, cluster: string): string {
  return `${externalUrl}/clusters/${encodeURIComponent(cluster)}`;
}

/** True when the cluster's federated series are fresh enough to judge by (its `prometheus.staleAfter`). */
function seriesFresh(cluster: ClusterSnapshot, now: number): boolean {
  return freshSeries(cluster.prometheus, now) !== null;
}

function allSourcesFailing(cluster: ClusterSnapshot): boolean {
  const sources = [cluster.prometheus, cluster.kubernetes].filter((s) => s !== null);
  return sources.length > 0 && sources.every((s) => s.error !== null);
}

/** Nodes whose Ready condition is not true: from the node watch when present, else kube_node_status_condition (read again only when it changes). */
function notReadyNodes(cluster: ClusterSnapshot): readonly string[] {
  const nodes = cluster.kubernetes?.nodes;
  if (nodes) return nodes.filter((n) => !n.ready).map((n) => n.name);
  const series = cluster.prometheus?.series;
  if (!series) return [];
  const read = (): readonly string[] => {
    const ready = new Map<string, boolean>();
    for (const s of series.get('kube_node_status_condition') ?? []) {
      if (s.labels.condition !== 'Ready' || !s.labels.node) continue;
      ready.set(s.labels.node, (ready.get(s.labels.node) ?? false) || (s.labels.status === 'true' && s.value === 1));
    }
    return [...ready].filter(([, r]) => !r).map(([n]) => n);
  };
  return deriveFrom(series, 'notReadyNodes', ['kube_node_status_condition'], read);
}

/**
 * The built-in rules as data: each reads one cluster and returns its findings.
 * `alertname` is the key; labels `alertname`, `cluster` and `severity` are added by `evaluateRules`.
 */
type RuleName = Exclude<keyof AlertRulesConfig, 'ForwardClusterAlerts'>;
type RuleTable = { [K in RuleName]: (c: ClusterSnapshot, i: RuleInputs, s: Settings<K>) => Finding[] };

const RULES: RuleTable = {
  ClusterUnreachable(c) {
    if (!allSourcesFailing(c)) return [];
    const errors = [c.prometheus?.error, c.kubernetes?.error].filter((e) => e !== null && e !== undefined);
    return [{
      summary: `Cluster ${c.name} is unreachable`,
      description: `Every source of ${c.name} is failing: ${errors.map((e) => `${e.kind}: ${e.message}`).join('; ')}`,
      activeSince: Math.max(...errors.map((e) => e.since)),
    }];
  },
  PrometheusStale(c, i) {
    const p = c.prometheus;
    if (!p || p.lastAttempt === null || allSourcesFailing(c) || seriesFresh(c, i.now)) return [];
    return [{
      summary: `Prometheus data of ${c.name} is stale`,
      description: p.lastSuccess === null ? `No federation scrape of ${c.name} has succeeded yet.` : `The newest federated data of ${c.name} is older than the stale limit; scrapes fail with ${p.error?.kind ?? 'no error'}.`,
      activeSince: p.lastSuccess === null ? undefined : p.lastSuccess + p.staleAfterMs,
    }];
  },
  NodeNotReady(c, i) {
    if (!c.kubernetes?.nodes && !seriesFresh(c, i.now)) return [];
    return notReadyNodes(c).map((node) => ({
      labels: { node },
      summary: `Node ${node} in ${c.name} is NotReady`,
      description: `The Ready condition of node ${node} in cluster ${c.name} is not True.`,
    }));
  },
  PodCrashLooping(c, i) {
    if (!seriesFresh(c, i.now)) return [];
    const pods = new Map<string, { namespace: string; pod: string; containers: string[] }>();
    for (const s of c.prometheus?.series.get('kube_pod_container_status_waiting_reason') ?? []) {
      if (s.labels.reason !== 'CrashLoopBackOff' || s.value !== 1) continue;
      const namespace = s.labels.namespace ?? '';
      const pod = s.labels.pod ?? '';
      const key = `${namespace}/${pod}`;
      const entry = pods.get(key) ?? { namespace, pod, containers: [] };
      if (s.labels.container) entry.containers.push(s.labels.container);
      pods.set(key, entry);
    }
    return [...pods.values()].map((p) => ({
      labels: { namespace: p.namespace, pod: p.pod },
      summary: `Pod ${p.namespace}/${p.pod} in ${c.name} is crash-looping`,
      description: `Container(s) ${p.containers.sort().join(', ') || '(unknown)'} of pod ${p.namespace}/${p.pod} are in CrashLoopBackOff.`,
    }));
  },
  WarningEventBurst(c, i, s) {
    // The same burst detection as the event feed (/api/events/bursts), on Warning events only.
    const warnings = (c.kubernetes?.events ?? []).filter((e) => e.type === 'Warning');
    return eventBursts(warnings, i.now, { windowMs: s.window, minCount: s.threshold }).map((b) => ({
      labels: { namespace: b.namespace, reason: b.reason },
      summary: `Burst of ${b.reason} events in ${c.name}/${b.namespace}`,
      description: `${b.summary} (threshold ${s.threshold}).`,
    }));
  },
  KubeletVersionSkew(c, i) {
    const skew = i.skew?.clusters.find((k) => k.cluster === c.name);
    return (skew?.findings ?? [])
      .filter((f) => f.component === 'kubelet' && (f.rule === 'kubelet_newer' || f.rule === 'kubelet_too_old'))
      .map((f) => ({ labels: { node: f.subject }, summary: `Kubelet on ${f.subject} in ${c.name} is outside the skew policy`, description: `${f.message}. ${f.policy}` }));
  },
  KubernetesReleaseEOL(c, i) {
    const eol = i.skew?.clusters.find((k) => k.cluster === c.name)?.eol;
    if (eol?.state !== 'past_eol') return [];
    return [{ summary: `Kubernetes ${eol.minor} in ${c.name} is past end of life`, description: `Kubernetes ${eol.minor} reached end of life on ${eol.endOfLife ?? 'an unknown date'}; upgrade ${c.name}.` }];
  },
  KubernetesReleaseNearEOL(c, i) {
    const eol = i.skew?.clusters.find((k) => k.cluster === c.name)?.eol;
    if (eol?.state !== 'eol_soon') return [];
    return [{ summary: `Kubernetes ${eol.minor} in ${c.name} reaches end of life soon`, description: `Kubernetes ${eol.minor} reaches end of life on ${eol.endOfLife ?? 'an unknown date'} (${eol.daysLeft ?? '?'} days left).` }];
  },
  CostJump(c, i, s) {
    const days = i.costDays.get(c.name);
    if (!days || days.yesterday < s.minDaily || days.today <= days.yesterday * (1 + s.threshold)) return [];
    const pct = Math.round((days.today / days.yesterday - 1) * 100);
    return [{
      summary: `Cost of ${c.name} jumped ${pct}% day over day`,
      description: `Daily cost of ${c.name} went from ${days.yesterday.toFixed(2)} to ${days.today.toFixed(2)} ${days.currency} (threshold ${Math.round(s.threshold * 100)}%).`,
    }];
  },
};

const RULE_NAMES: readonly RuleName[] = [
  'ClusterUnreachable', 'PrometheusStale', 'NodeNotReady', 'PodCrashLooping', 'WarningEventBurst',
  'KubeletVersionSkew', 'KubernetesReleaseEOL', 'KubernetesReleaseNearEOL', 'CostJump',
];

function runRule<K extends RuleName>(name: K, cluster: ClusterSnapshot, inputs: RuleInputs, config: AlertRulesConfig): Finding[] {
  const rule: RuleTable[K] = RULES[name];
  return rule(cluster, inputs, config[name]);
}

/** The active conditions of every enabled built-in rule, as candidates (before `for`). */
export function evaluateRules(inputs: RuleInputs, config: AlertRulesConfig): Candidate[] {
  const out: Candidate[] = [];
  for (const cluster of inputs.snapshot.clusters) {
    const link = clusterLink(inputs.externalUrl, cluster.name);
    for (const name of RULE_NAMES) {
      const settings = config[name];
      if (!settings.enabled) continue;
      for (const f of runRule(name, cluster, inputs, config)) {
        out.push({
          labels: { alertname: name, cluster: cluster.name, severity: settings.severity, ...f.labels },
          annotations: { summary: f.summary, description: f.description, link },
          forMs: settings.for,
          activeSince: f.activeSince,
          generatorURL: link,
          origin: 'rule',
        });
      }
    }
  }
  return out;
}

/** `ALERTS{alertstate="firing"}` of every cluster whose series are fresh, with the cluster label set. */
export function forwardedAlerts(inputs: Pick<RuleInputs, 'snapshot' | 'now' | 'externalUrl'>): Candidate[] {
  const out: Candidate[] = [];
  for (const cluster of inputs.snapshot.clusters) {
    if (!seriesFresh(cluster, inputs.now)) continue;
    const link = clusterLink(inputs.externalUrl, cluster.name);
    for (const s of cluster.prometheus?.series.get('ALERTS') ?? []) {
      if (s.labels.alertstate !== 'firing') continue;
      const { alertstate: _state, ...labels } = s.labels;
      const name = labels.alertname ?? 'unnamed';
      out.push({
        labels: { ...labels, cluster: cluster.name },
        annotations: { summary: `${name} is firing in ${cluster.name}`, description: `Forwarded from the Prometheus of ${cluster.name}.`, link },
        forMs: 0,
        generatorURL: link,
        origin: 'federated',
      });
    }
  }
  return out;
}

/**
 * Clusters whose series-based alerts must be held as they are (neither fired
 * nor resolved) because fleetscope cannot see the cluster right now.
 */
export function blindClusters(snapshot: FleetSnapshot, now: number): Set<string> {
  return new Set(snapshot.clusters.filter((c) => c.prometheus && !seriesFresh(c, now)).map((c) => c.name));
}
