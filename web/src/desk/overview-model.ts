import type { FleetCost } from '../../../shared/reports/cost';
import type { FleetSkew } from '../../../shared/reports/skew';
import { formatMoney } from '../common/format';
import type { ClusterView } from '../fleet-state';
import { STATUS_ORDER } from '../wall/panel-models';
import { tileModel, type TileStatus } from '../wall/tile-model';

export interface OverviewRow {
  name: string;
  status: TileStatus;
  labels: string;
  nodes: string;
  version: string;
  age: string;
  reasons: string[];
  /** Node cost per month, when the cost report has it. */
  monthly: string | null;
  /** Version-skew findings (critical + warning). */
  findings: number | null;
}

/** The fleet table: worst status first, then by name. */
export function overviewRows(clusters: readonly ClusterView[], now: number, staleAfterMs: number, cost?: FleetCost, skew?: FleetSkew): OverviewRow[] {
  return clusters
    .map((c) => {
      const tile = tileModel({ cluster: c, now, staleAfterMs });
      const clusterCost = cost?.clusters.find((x) => x.cluster === tile.name);
      const clusterSkew = skew?.clusters.find((x) => x.cluster === tile.name);
      return {
        name: tile.name,
        status: tile.status,
        labels: Object.entries(c.health.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
        nodes: c.health.nodes ? `${c.health.nodes.ready}/${c.health.nodes.total}` : '—',
        version: c.health.version ?? '—',
        age: tile.age ?? 'no data',
        reasons: c.health.reasons.filter((r) => r.rule !== 'data_stale').map((r) => r.message),
        monthly: clusterCost?.assets ? formatMoney(clusterCost.assets.monthly, clusterCost.currency) : null,
        findings: clusterSkew ? clusterSkew.findings.filter((f) => f.severity !== 'info').length : null,
      };
    })
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.name.localeCompare(b.name));
}
