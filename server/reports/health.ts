import type { ClusterHealth, ClusterStatus, FleetHealth, HealthReason, Severity, SourceHealth } from '../../shared/health';
import type { MissingInput } from '../../shared/reports/common';
import { formatDuration } from '../config/duration';
import { healthReportConfig, type HealthReportConfig } from '../config/schema/reports';
import type { SourceState } from '../fleet/types';
import { worstRelisting } from '../fleet/watches';
import type { ClusterInventory, KubernetesStatus } from '../inventory/types';
import { apiServerVersions, oldestApiServer } from './api-server-version';
import { HEALTH_RULES, nodeReadiness, type HealthRule, type RuleContext } from './health-rules';

/** The defaults of reports.health (5 m staleness, 10 m window, the rule table's thresholds). */
export const DEFAULT_HEALTH_CONFIG: HealthReportConfig = healthReportConfig.parse({});

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function sourceHealth(state: SourceState | null): SourceHealth {
  if (!state) return { ok: false, configured: false, status: 'not configured', lastSuccess: null, error: null };
  const ok = state.error === null && state.lastSuccess !== null;
  const status = ok ? 'ok' : state.error !== null ? 'failing' : 'waiting';
  return { ok, configured: true, status, lastSuccess: state.lastSuccess, error: state.error };
}

function kubernetesHealth(state: KubernetesStatus | null, now: number): SourceHealth {
  const health = sourceHealth(state);
  const run = state && worstRelisting(state.watches, now);
  return run ? { ...health, relisting: { resource: run.resource, count: run.count, since: run.since, reason: run.reason } } : health;
}

/** The severity a value reaches under a rule's thresholds (config overrides first), or null. */
function severityOf(rule: HealthRule, value: number, config: HealthReportConfig): Severity | null {
  const override = config.rules[rule.id];
  const critical = override?.critical !== undefined ? override.critical : rule.critical;
  const warning = override?.warning !== undefined ? override.warning : rule.warning;
  if (critical !== null && value >= critical) return 'critical';
  if (warning !== null && value >= warning) return 'warning';
  return null;
}

/**
 * Health of one cluster: status and the reasons behind it, most severe
 * first. Pure: the clock is `now`, the time `inventory` was read at (its
 * freshness: Prometheus data goes stale after the cluster's own
 * prometheus.staleAfter, the API's after reports.health.staleAfter).
 */
export function clusterHealth(inventory: ClusterInventory, now: number, config: HealthReportConfig = DEFAULT_HEALTH_CONFIG): ClusterHealth {
  const sources = [inventory.prometheus, inventory.kubernetes].filter((s): s is NonNullable<typeof s> => s !== null);
  const successes = sources.map((s) => s.lastSuccess).filter((t): t is number => t !== null);
  const dataAgeMs = successes.length ? now - Math.max(...successes) : null;
  const fresh = inventory.fresh;
  const ctx: RuleContext = { inventory, now, config };

  const reasons: HealthReason[] = [];
  const missing: MissingInput[] = [];
  for (const [label, state, isFresh] of [
    ['Prometheus', inventory.prometheus, fresh.prometheus],
    ['Kubernetes API', inventory.kubernetes, fresh.kubernetes],
  ] as const) {
    if (state?.lastSuccess != null && !isFresh) {
      reasons.push({
        rule: 'data_stale',
        severity: 'critical',
        message: `${label} data ${formatDuration(now - state.lastSuccess)} old (stale after ${formatDuration(state.staleAfterMs)})`,
      });
    }
  }
  const unconfigured: Record<'prometheus' | 'kubernetes', string[]> = { prometheus: [], kubernetes: [] };
  for (const rule of HEALTH_RULES) {
    if (config.rules[rule.id]?.enabled === false) continue;
    if ((rule.input === 'kubernetes' || rule.input === 'prometheus') && !inventory[rule.input]) {
      unconfigured[rule.input].push(rule.id);
      continue;
    }
    if (rule.input === 'prometheus' && !fresh.prometheus) continue;
    if (rule.input === 'kubernetes' && !fresh.kubernetes) continue;
    if (rule.input === 'either' && !fresh.prometheus && !fresh.kubernetes) continue;
    const measure = rule.measure(ctx);
    if (!measure) continue;
    if ('missing' in measure) {
      missing.push(measure.missing);
      continue;
    }
    const severity = severityOf(rule, measure.value, config);
    if (severity) reasons.push({ rule: rule.id, severity, message: measure.message });
  }
  if (unconfigured.prometheus.length)
    missing.push({ input: 'Prometheus', effect: `not configured for this cluster: ${unconfigured.prometheus.join(', ')} not checked` });
  if (unconfigured.kubernetes.length)
    missing.push({ input: 'Kubernetes API', effect: `not configured for this cluster: ${unconfigured.kubernetes.join(', ')} not checked` });
  reasons.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);

  let status: ClusterStatus;
  if (sources.length > 0 && sources.every((s) => s.error !== null)) status = 'unreachable';
  else if (sources.some((s) => s.lastAttempt === null)) status = reasons.length ? 'degraded' : 'unknown';
  else if (reasons.some((r) => r.severity === 'critical')) status = 'critical';
  else if (reasons.some((r) => r.severity === 'warning')) status = 'degraded';
  else if (!fresh.prometheus && !fresh.kubernetes) status = 'unknown';
  else status = 'healthy';

  const nodes = nodeReadiness(inventory);
  const api = apiServerVersions(inventory);
  const version = oldestApiServer(api);
  // One entry per input, its effects joined, so a missing kube-state-metrics reads as one line.
  const byInput = new Map<string, string[]>();
  for (const m of missing) byInput.set(m.input, [...(byInput.get(m.input) ?? []), m.effect]);
  return {
    cluster: inventory.cluster,
    labels: { ...inventory.labels },
    status,
    reasons,
    nodes: nodes ? { total: nodes.total, ready: nodes.ready } : null,
    prometheus: sourceHealth(inventory.prometheus),
    kubernetes: kubernetesHealth(inventory.kubernetes, now),
    version: version?.raw ?? null,
    versionSource: version ? api.source : null,
    dataAgeMs,
    missing: [...byInput].map(([input, effects]) => ({ input, effect: effects.join('; ') })),
  };
}

/** The fleet's health from each cluster's (clusterHealth): the clusters in order and the count per status. Pure. */
export function healthOfParts(parts: readonly ClusterHealth[], now: number): FleetHealth {
  const counts: Record<ClusterStatus, number> = { healthy: 0, degraded: 0, critical: 0, unreachable: 0, unknown: 0 };
  for (const c of parts) counts[c.status]++;
  return { generatedAt: now, clusters: [...parts], counts };
}

/** Health of every cluster, from each cluster's inventory read at `now`. */
export function fleetHealth(inventories: readonly ClusterInventory[], now: number, config: HealthReportConfig = DEFAULT_HEALTH_CONFIG): FleetHealth {
  return healthOfParts(
    inventories.map((c) => clusterHealth(c, now, config)),
    now,
  );
}
