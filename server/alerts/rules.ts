import type { FleetHygiene } from '../../shared/reports/hygiene';
import type { FleetSkew } from '../../shared/reports/skew';
import type { AlertRulesConfig } from '../config/schema/alerts';
import type { ClusterInventory } from '../inventory/types';
import { eventBursts } from '../reports/event-bursts';
import { clusterAlertLabels, DEFAULT_CLUSTER_LABELLING, type ClusterLabelling } from './identity';
import type { Candidate } from './types';

/** Day-over-day cost of one cluster, from the store's daily history. */
export interface CostDays {
  today: number;
  yesterday: number;
  currency: string;
}

/** Everything the built-in rules read. Pure data; the clock is `now`. */
export interface RuleInputs {
  /** Every cluster's inventory, read at `now`. */
  clusters: readonly ClusterInventory[];
  now: number;
  /** Base URL for links back (no trailing slash). */
  externalUrl: string;
  /** The skew report, once the skew report exists; null skips the skew and EOL rules. */
  skew: FleetSkew | null;
  /** The hygiene report; null skips the hygiene rules. */
  hygiene?: FleetHygiene | null;
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

function allSourcesFailing(cluster: ClusterInventory): boolean {
  const sources = [cluster.prometheus, cluster.kubernetes].filter((s) => s !== null);
  return sources.length > 0 && sources.every((s) => s.error !== null);
}

/**
 * The built-in rules as data: each reads one cluster and returns its findings.
 * `alertname` is the key; labels `alertname`, `cluster` and `severity` are added by `evaluateRules`.
 */
type RuleName = Exclude<keyof AlertRulesConfig, 'ForwardClusterAlerts'>;
type RuleTable = { [K in RuleName]: (c: ClusterInventory, i: RuleInputs, s: Settings<K>) => Finding[] };

const RULES: RuleTable = {
  ClusterUnreachable(c) {
    if (!allSourcesFailing(c)) return [];
    const errors = [c.prometheus?.error, c.kubernetes?.error].filter((e) => e !== null && e !== undefined);
    return [
      {
        summary: `Cluster ${c.cluster} is unreachable`,
        description: `Every source of ${c.cluster} is failing: ${errors.map((e) => `${e.kind}: ${e.message}`).join('; ')}`,
        activeSince: Math.max(...errors.map((e) => e.since)),
      },
    ];
  },
  PrometheusStale(c) {
    const p = c.prometheus;
    if (!p || p.lastAttempt === null || allSourcesFailing(c) || c.fresh.prometheus) return [];
    return [
      {
        summary: `Prometheus data of ${c.cluster} is stale`,
        description:
          p.lastSuccess === null
            ? `No federation scrape of ${c.cluster} has succeeded yet.`
            : `The newest federated data of ${c.cluster} is older than the stale limit; scrapes fail with ${p.error?.kind ?? 'no error'}.`,
        activeSince: p.lastSuccess === null ? undefined : p.lastSuccess + p.staleAfterMs,
      },
    ];
  },
  NodeNotReady(c) {
    // Nodes with a known Ready condition that is not True (the watch's, or kube-state-metrics').
    const nodes = c.nodes?.items.filter((n) => n.ready === false && n.name) ?? [];
    return nodes.map(({ name: node }) => ({
      labels: { node },
      summary: `Node ${node} in ${c.cluster} is NotReady`,
      description: `The Ready condition of node ${node} in cluster ${c.cluster} is not True.`,
    }));
  },
  PodCrashLooping(c) {
    const pods = new Map<string, { namespace: string; pod: string; containers: string[] }>();
    for (const w of c.waiting) {
      if (w.reason !== 'CrashLoopBackOff') continue;
      const key = `${w.namespace}/${w.pod}`;
      const entry = pods.get(key) ?? { namespace: w.namespace, pod: w.pod, containers: [] };
      if (w.container) entry.containers.push(w.container);
      pods.set(key, entry);
    }
    return [...pods.values()].map((p) => ({
      labels: { namespace: p.namespace, pod: p.pod },
      summary: `Pod ${p.namespace}/${p.pod} in ${c.cluster} is crash-looping`,
      description: `Container(s) ${p.containers.sort().join(', ') || '(unknown)'} of pod ${p.namespace}/${p.pod} are in CrashLoopBackOff.`,
    }));
  },
  WarningEventBurst(c, i, s) {
    // The same burst detection as the event feed (/api/events/bursts), on Warning events only.
    const warnings = c.events.filter((e) => e.type === 'Warning');
    return eventBursts(warnings, i.now, { windowMs: s.window, minCount: s.threshold }).map((b) => ({
      labels: { namespace: b.namespace, reason: b.reason },
      summary: `Burst of ${b.reason} events in ${c.cluster}/${b.namespace}`,
      description: `${b.summary} (threshold ${s.threshold}).`,
    }));
  },
  KubeletVersionSkew(c, i) {
    const skew = i.skew?.clusters.find((k) => k.cluster === c.cluster);
    return (skew?.findings ?? [])
      .filter((f) => f.component === 'kubelet' && (f.rule === 'kubelet_newer' || f.rule === 'kubelet_too_old'))
      .map((f) => ({
        labels: { node: f.subject },
        summary: `Kubelet on ${f.subject} in ${c.cluster} is outside the skew policy`,
        description: `${f.message}. ${f.policy}`,
      }));
  },
  KubernetesReleaseEOL(c, i) {
    const eol = i.skew?.clusters.find((k) => k.cluster === c.cluster)?.eol;
    if (eol?.state !== 'past_eol') return [];
    return [
      {
        summary: `Kubernetes ${eol.minor} in ${c.cluster} is past end of life`,
        description: `Kubernetes ${eol.minor} reached end of life on ${eol.endOfLife ?? 'an unknown date'}; upgrade ${c.cluster}.`,
      },
    ];
  },
  KubernetesReleaseNearEOL(c, i) {
    const eol = i.skew?.clusters.find((k) => k.cluster === c.cluster)?.eol;
    if (eol?.state !== 'eol_soon') return [];
    return [
      {
        summary: `Kubernetes ${eol.minor} in ${c.cluster} reaches end of life soon`,
        description: `Kubernetes ${eol.minor} reaches end of life on ${eol.endOfLife ?? 'an unknown date'} (${eol.daysLeft ?? '?'} days left).`,
      },
    ];
  },
  FleetHygieneCritical: (c, i) => hygieneFindings(c, i, 'critical'),
  FleetHygieneWarning: (c, i) => hygieneFindings(c, i, 'warning'),
  CostJump(c, i, s) {
    const days = i.costDays.get(c.cluster);
    if (!days || days.yesterday < s.minDaily || days.today <= days.yesterday * (1 + s.threshold)) return [];
    const pct = Math.round((days.today / days.yesterday - 1) * 100);
    return [
      {
        summary: `Cost of ${c.cluster} jumped ${pct}% day over day`,
        description: `Daily cost of ${c.cluster} went from ${days.yesterday.toFixed(2)} to ${days.today.toFixed(2)} ${days.currency} (threshold ${Math.round(s.threshold * 100)}%).`,
      },
    ];
  },
};

/** One finding per hygiene finding of `severity` in the cluster, labelled with its check, rule and subject. */
function hygieneFindings(c: ClusterInventory, i: RuleInputs, severity: 'critical' | 'warning'): Finding[] {
  const hygiene = i.hygiene?.clusters.find((k) => k.cluster === c.cluster);
  return (hygiene?.findings ?? [])
    .filter((f) => f.severity === severity)
    .map((f) => ({
      labels: { check: f.check, rule: f.rule, subject: f.subject, ...(f.namespace ? { namespace: f.namespace } : {}) },
      summary: `${f.check} in ${c.cluster}: ${f.rule} on ${f.namespace ? `${f.namespace}/` : ''}${f.subject}`,
      description: `${f.message}.`,
    }));
}

const RULE_NAMES: readonly RuleName[] = [
  'ClusterUnreachable',
  'PrometheusStale',
  'NodeNotReady',
  'PodCrashLooping',
  'WarningEventBurst',
  'KubeletVersionSkew',
  'KubernetesReleaseEOL',
  'KubernetesReleaseNearEOL',
  'CostJump',
  'FleetHygieneCritical',
  'FleetHygieneWarning',
];

function runRule<K extends RuleName>(name: K, cluster: ClusterInventory, inputs: RuleInputs, config: AlertRulesConfig): Finding[] {
  const rule: RuleTable[K] = RULES[name];
  return rule(cluster, inputs, config[name]);
}

/** The active conditions of every enabled built-in rule, as candidates (before `for`). */
export function evaluateRules(inputs: RuleInputs, config: AlertRulesConfig): Candidate[] {
  const out: Candidate[] = [];
  for (const cluster of inputs.clusters) {
    const link = clusterLink(inputs.externalUrl, cluster.cluster);
    for (const name of RULE_NAMES) {
      const settings = config[name];
      if (!settings.enabled) continue;
      for (const f of runRule(name, cluster, inputs, config)) {
        out.push({
          labels: { alertname: name, cluster: cluster.cluster, severity: settings.severity, ...f.labels },
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

/**
 * `ALERTS{alertstate="firing"}` of every cluster whose series are fresh,
 * labelled as the same alert from the cluster's Alertmanager is (`identity.ts`).
 */
export function forwardedAlerts(inputs: Pick<RuleInputs, 'clusters' | 'externalUrl'>, labelling: ClusterLabelling = DEFAULT_CLUSTER_LABELLING): Candidate[] {
  const out: Candidate[] = [];
  for (const cluster of inputs.clusters) {
    const link = clusterLink(inputs.externalUrl, cluster.cluster);
    for (const { labels } of cluster.alerts) {
      const name = labels.alertname ?? 'unnamed';
      out.push({
        labels: clusterAlertLabels(labels, cluster.cluster, labelling),
        annotations: { summary: `${name} is firing in ${cluster.cluster}`, description: `Forwarded from the Prometheus of ${cluster.cluster}.`, link },
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
export function blindClusters(clusters: readonly ClusterInventory[]): Set<string> {
  return new Set(clusters.filter((c) => c.prometheus && !c.fresh.prometheus).map((c) => c.cluster));
}
