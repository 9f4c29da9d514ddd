import type { FleetHealth } from '../../../shared/health';
import { formatDuration } from '../../config/duration';
import { labelsText, type Table } from './table';

/** The health report as tables: one row per cluster (the CSV), then missing inputs. */
export function healthTables(report: FleetHealth): Table[] {
  const clusters: Table = {
    title: 'Clusters',
    columns: ['cluster', 'labels', 'status', 'nodes_ready', 'nodes_total', 'version', 'data_age', 'reasons'],
    rows: report.clusters.map((c) => [
      c.cluster,
      labelsText(c.labels),
      c.status,
      c.nodes?.ready ?? null,
      c.nodes?.total ?? null,
      c.version,
      c.dataAgeMs === null ? null : formatDuration(c.dataAgeMs),
      c.reasons.map((r) => `${r.severity}: ${r.message}`).join('; '),
    ]),
  };
  const missing: Table = {
    title: 'Missing inputs',
    columns: ['cluster', 'input', 'effect'],
    rows: report.clusters.flatMap((c) => (c.missing ?? []).map((m) => [c.cluster, m.input, m.effect])),
  };
  return [clusters, missing];
}

export function healthIntro(report: FleetHealth): string {
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return `Generated ${new Date(report.generatedAt).toISOString()} for ${report.clusters.length} clusters: ${counts || 'none'}.`;
}
