import type { FleetEvent } from '../../../shared/events';
import type { Severity } from '../../../shared/health';
import type { ClusterCost, FleetCost } from '../../../shared/reports/cost';
import type { FleetSkew } from '../../../shared/reports/skew';
import { formatAge, formatMoney } from '../common/format';
import type { TileModel, TileStatus } from './tile-model';

/** Worst first: the order problems are listed in. */
export const STATUS_ORDER: TileStatus[] = ['critical', 'unreachable', 'stale', 'degraded', 'unknown', 'healthy'];

export interface HealthPanelModel {
  counts: Array<{ status: TileStatus; count: number }>;
  problems: Array<{ name: string; status: TileStatus; reason: string }>;
}

export function healthPanel(tiles: readonly TileModel[], max = 8): HealthPanelModel {
  const counts = STATUS_ORDER.map((status) => ({ status, count: tiles.filter((t) => t.status === status).length })).filter((c) => c.count > 0);
  const problems = tiles
    .filter((t) => t.status !== 'healthy')
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((t) => ({ name: t.name, status: t.status, reason: t.reasons[0] ?? t.word }));
  return { counts, problems };
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
  findings: Record<Severity, number>;
  /** The findings that matter most, one line each. */
  worst: Array<{ cluster: string; severity: Severity; message: string }>;
  eol: Array<{ cluster: string; text: string; severity: Severity }>;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function skewPanel(skew: FleetSkew, selected: (cluster: string) => boolean, max = 6): SkewPanelModel {
  const clusters = skew.clusters.filter((c) => selected(c.cluster));
  const findings: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  const all = clusters.flatMap((c) => c.findings.map((f) => ({ cluster: c.cluster, severity: f.severity, message: f.message })));
  for (const f of all) findings[f.severity]++;
  const worst = all.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]).slice(0, max);
  const eol = clusters.flatMap((c) => {
    const e = c.eol;
    if (!e || (e.state !== 'past_eol' && e.state !== 'eol_soon')) return [];
    const text =
      e.state === 'past_eol' ? `${e.minor} past end of life${e.endOfLife ? ` since ${e.endOfLife}` : ''}` : `${e.minor} end of life in ${e.daysLeft} days`;
    return [{ cluster: c.cluster, text, severity: e.state === 'past_eol' ? ('critical' as const) : ('warning' as const) }];
  });
  const minors = skew.fleet.minors.map((m) => ({ minor: m.minor, clusters: m.clusters.filter(selected) })).filter((m) => m.clusters.length > 0);
  return { minors, findings, worst, eol };
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
