import { CLUSTER_STATUSES } from '../../../shared/health';
import type { AvailabilityWindow, FleetAvailability, FleetAvailabilityWindow } from '../../../shared/reports/availability';
import { formatDuration } from '../../config/duration';
import { fixed, type Cell, type Table } from './table';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** Two decimals: availability is read to the hundredth of a percent (99.95 %). */
const pct = (share: number) => `${(share * 100).toFixed(2)}%`;
const span = (ms: number) => (ms === 0 ? '0' : formatDuration(ms));

const CSV_COLUMNS = [
  'level',
  'cluster',
  'window',
  'from',
  'to',
  'covered_ms',
  'covered_from',
  'before_retention',
  ...CLUSTER_STATUSES.map((s) => `${s}_ms`),
  ...CLUSTER_STATUSES.map((s) => `${s}_share`),
];

function csvCells(level: 'cluster' | 'fleet', cluster: string | null, w: AvailabilityWindow | FleetAvailabilityWindow): Cell[] {
  const clusterOnly = 'coveredFrom' in w ? [iso(w.coveredFrom), String(w.beforeRetention)] : [null, null];
  return [
    level,
    cluster,
    w.label,
    iso(w.from),
    iso(w.to),
    Math.round(w.coveredMs),
    ...clusterOnly,
    ...CLUSTER_STATUSES.map((s) => Math.round(w.ms[s])),
    ...CLUSTER_STATUSES.map((s) => fixed(w.share[s], 6)),
  ];
}

/** "2d of 7d, from 2026-12-05T12:00:00.000Z, before the retention": how much of the window the history covers. */
function coveredText(w: AvailabilityWindow): string {
  const parts = [w.coveredMs === w.windowMs ? 'all' : `${span(w.coveredMs)} of ${w.label}`];
  if (w.coveredFrom !== null && w.coveredMs < w.windowMs) parts.push(`from ${iso(w.coveredFrom)}`);
  if (w.beforeRetention) parts.push('reaches before the retention');
  return parts.join(', ');
}

const SHARE_COLUMNS = CLUSTER_STATUSES.map((s) => (s === 'unknown' ? 'unknown (no data)' : s));

/**
 * The availability report as tables: the CSV is one row per cluster and
 * window (ms and shares of each status) and the fleet's mean per window;
 * the Markdown shows the shares with how much of each window is covered.
 */
export function availabilityTables(report: FleetAvailability): { csv: Table; tables: Table[] } {
  const csv: Table = {
    title: 'Availability',
    columns: CSV_COLUMNS,
    rows: [...report.clusters.flatMap((c) => c.windows.map((w) => csvCells('cluster', c.cluster, w))), ...report.fleet.map((w) => csvCells('fleet', null, w))],
  };
  const clusters: Table = {
    title: 'Clusters (share of each window)',
    columns: ['cluster', 'window', 'covered', ...SHARE_COLUMNS],
    rows: report.clusters.flatMap((c) => c.windows.map((w) => [c.cluster, w.label, coveredText(w), ...CLUSTER_STATUSES.map((s) => pct(w.share[s]))])),
  };
  const fleet: Table = {
    title: 'Fleet mean',
    columns: ['window', 'clusters', 'covered', ...SHARE_COLUMNS],
    rows: report.fleet.map((w) => [w.label, w.clusters, pct(w.coveredMs / w.windowMs), ...CLUSTER_STATUSES.map((s) => pct(w.share[s]))]),
  };
  return { csv, tables: [clusters, fleet] };
}

export function availabilityIntro(report: FleetAvailability): string {
  const labels = report.fleet.map((w) => w.label);
  const windows = report.clusters[0]?.windows ?? [];
  const beyond = windows.filter((w) => w.beforeRetention).map((w) => w.label);
  const lines = [
    `Generated ${iso(report.generatedAt)} for ${report.clusters.length} clusters${labels.length ? ` over the last ${labels.join(', ')}` : ''}, from the status transitions.`,
    'Shares are of the whole window; time the history does not cover is unknown (no data), not healthy.',
  ];
  if (beyond.length)
    lines.push(
      `The store keeps status transitions for ${span(report.retentionMs)} (store.historyRetention) and the ${beyond.join(', ')} window${beyond.length > 1 ? 's reach' : ' reaches'} back before it: a status from before then is not kept, so that part may count as unknown; raise the retention to cover it.`,
    );
  return lines.join(' ');
}
