import { severityRank, type FiringAlert } from '../../../shared/firing-alerts';
import type { ClusterStatus } from '../../../shared/health';
import type { ClusterCost } from '../../../shared/reports/cost';
import type { ClusterSkew } from '../../../shared/reports/skew';
import type { SparkPoint } from '../../../shared/protocol';
import { formatAge, formatMoney } from '../common/format';
import type { ClusterView } from '../fleet-state';

/** What a tile shows; `stale` overrides the last known status once the data is too old to trust. */
export type TileStatus = ClusterStatus | 'stale';

/** Icon and word beside the colour, so no one has to tell red from green. */
export const STATUS_LOOK: Record<TileStatus, { icon: string; word: string }> = {
  healthy: { icon: '✔', word: 'healthy' },
  degraded: { icon: '▲', word: 'degraded' },
  critical: { icon: '✖', word: 'critical' },
  unreachable: { icon: '⊘', word: 'unreachable' },
  unknown: { icon: '?', word: 'unknown' },
  stale: { icon: '◷', word: 'stale' },
};

export interface TileModel {
  name: string;
  /** Label values worth showing (env first, then region), e.g. ["prod", "eu-west-1"]. */
  labels: string[];
  status: TileStatus;
  icon: string;
  word: string;
  /** Every reason, most severe first; a tile shows the first (two when it has room), the health panel all. */
  reasons: string[];
  /** "data 4 m old"; null when no data ever arrived. */
  age: string | null;
  /** One line of facts: nodes and control-plane version. */
  facts: string;
  spark: SparkPoint[];
  /** What the sparkline counts: warning events a minute, or (a cluster without the Kubernetes API) containers waiting, from its Prometheus. */
  sparkLabel: string;
  /** Firing alerts of the cluster, one entry per severity, worst first; empty when none fire. */
  alerts: Array<{ severity: string; count: number }>;
  /** The control-plane version (the skew report's oldest kube-apiserver, else the API's /version); null when unknown. */
  version: string | null;
  /** Past or near end of life, or a version-skew finding: what the tile marks beside the version; null when none. */
  badge: TileBadge | null;
  /** Node cost per month ("$2,920"); null when the cost report does not know it. */
  cost: string | null;
  /** How long the status has held ("for 2h 14m"), from the server's persisted transitions; null when unknown. */
  since: string | null;
  /** The last 24 hours, left to right: one segment per status held, its share of the day (unknown before the history begins). */
  strip: StripSegment[];
}

export interface StripSegment {
  status: ClusterStatus;
  /** Share of the window, 0–1; the segments add up to 1. */
  share: number;
}

/** The status strip's window. */
export const STRIP_MS = 86_400_000;

/**
 * The status over `[now - windowMs, now]` from its transitions (oldest first,
 * the one in force at the window's start first): time before the first is
 * unknown, never shown as healthy. Pure; unit-tested.
 */
export function statusStrip(recent: ReadonlyArray<{ at: number; status: ClusterStatus }>, now: number, windowMs = STRIP_MS): StripSegment[] {
  const start = now - windowMs;
  const segments: StripSegment[] = [];
  const push = (status: ClusterStatus, from: number, to: number) => {
    const share = (Math.min(to, now) - Math.max(from, start)) / windowMs;
    if (share <= 0) return;
    const last = segments.at(-1);
    if (last?.status === status) last.share += share;
    else segments.push({ status, share });
  };
  push('unknown', start, recent[0]?.at ?? now);
  recent.forEach((t, i) => push(t.status, t.at, recent[i + 1]?.at ?? now));
  return segments;
}

/** eol: the control plane's minor is past its end of life; eol-soon: within the warning window; skew: a skew-policy finding. */
export interface TileBadge {
  kind: 'eol' | 'eol-soon' | 'skew';
  /** What the badge says: "EOL", "EOL SOON", "SKEW". */
  text: string;
  /** The sentence behind it, for a title: "1.27 past end of life since 2024-06-28". */
  detail: string;
}

/** What the fleet-wide reports say of one cluster; each part absent until its report arrived. */
export interface TileContext {
  skew?: ClusterSkew;
  cost?: ClusterCost;
  alerts?: readonly FiringAlert[];
}

export interface TileModelInput {
  cluster: ClusterView;
  /** Server time, epoch ms. */
  now: number;
  staleAfterMs: number;
  context?: TileContext;
}

const LABEL_ORDER = ['env', 'environment', 'region', 'zone', 'provider'];

function labelValues(labels: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(labels).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.slice(0, 2).map((k) => labels[k] ?? '');
}

function rank(key: string): number {
  const i = LABEL_ORDER.indexOf(key);
  return i === -1 ? LABEL_ORDER.length : i;
}

/** Firing alerts counted per severity, worst first. */
function alertCounts(alerts: readonly FiringAlert[]): TileModel['alerts'] {
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(a.severity, (counts.get(a.severity) ?? 0) + 1);
  return [...counts].map(([severity, count]) => ({ severity, count })).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

const SKEW_RULES_OF_EOL = new Set(['eol_past', 'eol_soon']);

function badgeOf(skew: ClusterSkew | undefined): TileBadge | null {
  if (!skew) return null;
  const eol = skew.eol;
  if (eol?.state === 'past_eol') return { kind: 'eol', text: 'EOL', detail: `${eol.minor} past end of life${eol.endOfLife ? ` since ${eol.endOfLife}` : ''}` };
  if (eol?.state === 'eol_soon') return { kind: 'eol-soon', text: 'EOL SOON', detail: `${eol.minor} end of life in ${eol.daysLeft} days` };
  const finding = skew.findings.find((f) => !SKEW_RULES_OF_EOL.has(f.rule) && f.severity !== 'info');
  return finding ? { kind: 'skew', text: 'SKEW', detail: finding.message } : null;
}

/** The tile of one cluster at server time `now`. Pure; unit-tested. */
export function tileModel(input: TileModelInput): TileModel {
  const { cluster, now, staleAfterMs, context = {} } = input;
  const { health } = cluster;
  const ageMs = cluster.dataAt === null ? null : now - cluster.dataAt;
  const stale = ageMs !== null && ageMs > staleAfterMs;
  const status: TileStatus = stale ? 'stale' : health.status;
  const age = ageMs === null ? null : `data ${formatAge(ageMs)} old`;
  // The server's own staleness reason is replaced by the live age computed here.
  const reasons = health.reasons.filter((r) => r.rule !== 'data_stale').map((r) => r.message);
  if (stale && age) reasons.unshift(age);
  if (ageMs === null && health.status !== 'healthy' && reasons.length === 0) reasons.push('no data received yet');
  const version = context.skew?.apiServer.versions.at(-1) ?? health.version;
  const facts = [health.nodes ? `${health.nodes.ready}/${health.nodes.total} nodes ready` : null, version].filter(Boolean).join(' · ');
  const assets = context.cost?.assets;
  return {
    name: health.cluster,
    labels: labelValues(health.labels),
    status,
    ...STATUS_LOOK[status],
    reasons,
    age,
    facts,
    spark: cluster.spark,
    sparkLabel: health.kubernetes.configured === false ? 'waiting' : 'warnings/min',
    alerts: alertCounts(context.alerts ?? []),
    version,
    badge: badgeOf(context.skew),
    cost: assets && context.cost ? formatMoney(assets.monthly, context.cost.currency) : null,
    since: typeof health.statusSince === 'number' && !stale ? `for ${formatAge(Math.max(0, now - health.statusSince))}` : null,
    strip: statusStrip(health.recentStatus ?? [], now),
  };
}
