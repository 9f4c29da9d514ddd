import type { ClusterStatus } from '../../../shared/health';
import type { SparkPoint } from '../../../shared/protocol';
import { formatAge } from '../common/format';
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
  /** The one or two reasons that matter, most severe first. */
  reasons: string[];
  /** "data 4 m old"; null when no data ever arrived. */
  age: string | null;
  /** One line of facts: nodes and version. */
  facts: string;
  spark: SparkPoint[];
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

/** The tile of one cluster at server time `now`. Pure; unit-tested. */
export function tileModel(cluster: ClusterView, now: number, staleAfterMs: number): TileModel {
  const { health } = cluster;
  const ageMs = cluster.dataAt === null ? null : now - cluster.dataAt;
  const stale = ageMs !== null && ageMs > staleAfterMs;
  const status: TileStatus = stale ? 'stale' : health.status;
  const age = ageMs === null ? null : `data ${formatAge(ageMs)} old`;
  // The server's own staleness reason is replaced by the live age computed here.
  const reasons = health.reasons.filter((r) => r.rule !== 'data_stale').map((r) => r.message);
  if (stale && age) reasons.unshift(age);
  if (ageMs === null && health.status !== 'healthy' && reasons.length === 0) reasons.push('no data received yet');
  const facts = [health.nodes ? `${health.nodes.ready}/${health.nodes.total} nodes ready` : null, health.version].filter(Boolean).join(' · ');
  return {
    name: health.cluster,
    labels: labelValues(health.labels),
    status,
    ...STATUS_LOOK[status],
    reasons: reasons.slice(0, 2),
    age,
    facts,
    spark: cluster.spark,
  };
}
