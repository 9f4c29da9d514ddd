import type { InventoryReportKind } from '../../shared/reports/common';
import type { ClusterInventory } from '../../server/inventory/types';
import { fleetCost } from '../../server/reports/cost';
import { fleetHealth } from '../../server/reports/health';
import { fleetHygiene } from '../../server/reports/hygiene';
import type { FleetReport } from '../../server/reports/render';
import type { ReportSettings } from '../../server/reports/settings';
import { fleetSkew } from '../../server/reports/skew';

/** One fleet report of `kind` over `inventories` read at `now`, no memo, as renderReport takes it (spread it into its options). */
export function fleetReport(kind: InventoryReportKind, inventories: readonly ClusterInventory[], now: number, settings: ReportSettings): FleetReport {
  if (kind === 'health') return { kind, report: fleetHealth(inventories, now, settings.reports.health) };
  if (kind === 'cost') return { kind, report: fleetCost(inventories, now, settings) };
  if (kind === 'skew') return { kind, report: fleetSkew(inventories, now, settings) };
  return { kind, report: fleetHygiene(inventories, now, settings) };
}
