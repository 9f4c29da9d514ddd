import type { FleetEvent } from '../../../shared/events';
import { severityRank, type FiringAlerts } from '../../../shared/firing-alerts';
import type { Severity } from '../../../shared/health';
import type { ClusterCost, FleetCost } from '../../../shared/reports/cost';
import type { FleetSkew } from '../../../shared/reports/skew';
import { formatAge, formatMoney } from '../common/format';
import type { TileModel, TileStatus } from './tile-model';

/** Worst first: the order problems are listed in. */
export const STATUS_ORDER: TileStatus[] = ['critical', 'unreachable', 'stale', 'degraded', 'unknown', 'healthy'];

export interface HealthPanelModel {
  counts: Array<{ status: TileStatus; count: number }>;
  /** Clusters not healthy, worst first, each with every reason it has (its status word when it has none). */
  problems: Array<{ name: string; status: TileStatus; reasons: string[] }>;
  /** Clusters not healthy left out for room. */
  more: number;
}

export function healthPanel(tiles: readonly TileModel[], max = 4): HealthPanelModel {
  const counts = STATUS_ORDER.map((status) => ({ status, count: tiles.filter((t) => t.status === status).length })).filter((c) => c.count > 0);
  const unhealthy = tiles
    .filter((t) => t.status !== 'healthy')
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.name.localeCompare(b.name));
  const problems = unhealthy.slice(0, max).map((t) => ({ name: t.name, status: t.status, reasons: t.reasons.length > 0 ? t.reasons : [t.word] }));
  return { counts, problems, more: unhealthy.length - problems.length };
}

export interface CostPanelModel {
  totals: Array<{ currency: string; monthly: string; allocatedShare: string; idleMonthly: string; efficiency: string }>;
  /** Most expensive clusters first, with their share of the most expensive one (0..1) for a bar. */
  top: Array<{ cluster: string; monthly: string; share: number; idleShare: number }>;
}

const percent = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)} %`);

export function costPanel(cost: FleetCost, selected: (cluster: string) => boolean, max = 6): CostPanelModel {
  const totals = cost.fleet.map((f) => ({
    currency: f.currency,
    // `monthly` of the roll-up is the allocated cost; the wall leads with what the nodes cost.
    monthly: formatMoney(f.assets.total * 730, f.currency),
    allocatedShare: percent(f.assets.total > 0 ? f.allocated.total / f.assets.total : null),
    idleMonthly: formatMoney(f.idle.total * 730, f.currency),
    efficiency: percent(f.efficiency),
  }));
  const monthly = (c: ClusterCost) => c.assets?.monthly ?? 0;
  const clusters = cost.clusters.filter((c) => selected(c.cluster)).sort((a, b) => monthly(b) - monthly(a));
  const most = clusters[0] ? monthly(clusters[0]) : 0;
  const top = clusters.slice(0, max).map((c) => ({
    cluster: c.cluster,
    monthly: c.assets ? formatMoney(c.assets.monthly, c.currency) : 'node cost unknown',
    share: most > 0 ? monthly(c) / most : 0,
    idleShare: c.assets && c.idle && c.assets.hourly.total > 0 ? c.idle.total / c.assets.hourly.total : 0,
  }));
  return { totals, top };
}

export interface SkewPanelModel {
  minors: Array<{ minor: string; clusters: string[] }>;
  /** Findings per severity among the clusters whose API server version is known. */
  findings: Record<Severity, number>;
  /** Selected clusters whose API server version is unknown: nothing can be said of their skew or end of life. */
  unknown: string[];
  /** Whether any selected cluster's API server version is known (else the counts say nothing). */
  known: boolean;
  /** The skew findings that matter most, one line each, end of life left to `eol`. */
  worst: Array<{ cluster: string; severity: Severity; message: string }>;
  /** Findings left out of `worst` for room. */
  more: number;
  /** One line per cluster past or near end of life. */
  eol: Array<{ cluster: string; text: string; severity: Severity }>;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** End of life is said once, in `eol`; the skew report also lists it as a finding. */
const EOL_RULES = new Set(['eol_past', 'eol_soon']);

export function skewPanel(skew: FleetSkew, selected: (cluster: string) => boolean, max = 4): SkewPanelModel {
  const clusters = skew.clusters.filter((c) => selected(c.cluster));
  const unknown = clusters.filter((c) => c.apiServer.versions.length === 0).map((c) => c.cluster);
  const findings: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  const all = clusters.flatMap((c) =>
    c.findings.filter((f) => !EOL_RULES.has(f.rule)).map((f) => ({ cluster: c.cluster, severity: f.severity, message: f.message })),
  );
  for (const c of clusters) for (const f of c.findings) findings[f.severity]++;
  const sorted = all.filter((f) => f.severity !== 'info').sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const eol = clusters.flatMap((c) => {
    const e = c.eol;
    if (!e || (e.state !== 'past_eol' && e.state !== 'eol_soon')) return [];
    const text =
      e.state === 'past_eol' ? `${e.minor} past end of life${e.endOfLife ? ` since ${e.endOfLife}` : ''}` : `${e.minor} end of life in ${e.daysLeft} days`;
    return [{ cluster: c.cluster, text, severity: e.state === 'past_eol' ? ('critical' as const) : ('warning' as const) }];
  });
  const minors = skew.fleet.minors.map((m) => ({ minor: m.minor, clusters: m.clusters.filter(selected) })).filter((m) => m.clusters.length > 0);
  const room = Math.max(0, max - eol.length);
  return { minors, findings, unknown, known: unknown.length < clusters.length, worst: sorted.slice(0, room), more: Math.max(0, sorted.length - room), eol };
}

export interface AlertsPanelModel {
  /** Firing alerts in total, per severity, worst first. */
  counts: Array<{ severity: string; count: number }>;
  /** The groups chat has them in, worst first; each titled by its group labels' values. */
  groups: Array<{ key: string; title: string; alerts: Array<{ fingerprint: string; severity: string; text: string; since: string }> }>;
  /** Groups left out for room. */
  more: number;
}

/** The alerts panel: firing alerts of the selected clusters (and those of no cluster), grouped as chat groups them. */
export function alertsPanel(alerts: FiringAlerts, now: number, selected: (cluster: string) => boolean, max = 5): AlertsPanelModel {
  const groups = alerts.groups
    .map((g) => ({ ...g, alerts: g.alerts.filter((a) => a.cluster === null || selected(a.cluster)) }))
    .filter((g) => g.alerts.length > 0);
  const counts = new Map<string, number>();
  for (const g of groups) for (const a of g.alerts) counts.set(a.severity, (counts.get(a.severity) ?? 0) + 1);
  return {
    counts: [...counts].map(([severity, count]) => ({ severity, count })).sort((a, b) => severityRank(a.severity) - severityRank(b.severity)),
    groups: groups.slice(0, max).map((g) => ({
      key: JSON.stringify([g.receiver, g.labels]),
      title: Object.values(g.labels).join(' · ') || 'all alerts',
      alerts: g.alerts.map((a) => ({
        fingerprint: a.fingerprint,
        severity: a.severity,
        text: [a.alertname, a.cluster && !Object.values(g.labels).includes(a.cluster) ? a.cluster : null, a.summary].filter(Boolean).join(' · '),
        since: `since ${formatAge(now - a.startsAt)}`,
      })),
    })),
    more: Math.max(0, groups.length - max),
  };
}

export interface EventLine {
  id: string;
  cluster: string;
  age: string;
  object: string;
  reason: string;
  message: string;
  count: number;
}

/** Recent Warning events, newest first. */
export function warningEvents(events: readonly FleetEvent[], now: number, selected: (cluster: string) => boolean, max = 8): EventLine[] {
  return events
    .filter((e) => e.type === 'Warning' && selected(e.cluster))
    .sort((a, b) => b.lastSeen - a.lastSeen)
    .slice(0, max)
    .map((e) => ({
      id: e.id,
      cluster: e.cluster,
      age: `${formatAge(now - e.lastSeen)} ago`,
      object: `${e.involvedObject.kind}/${e.involvedObject.name}`,
      reason: e.reason,
      message: e.message,
      count: e.count,
    }));
}
