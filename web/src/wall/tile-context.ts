import type { FiringAlert } from '../../../shared/firing-alerts';
import type { StreamReports } from '../../../shared/protocol';
import type { TileContext } from './tile-model';

/** What the fleet-wide reports say of each cluster, looked up by name (built once per render, not once per tile). */
export function tileContexts(reports: Partial<StreamReports>): (cluster: string) => TileContext {
  const skew = new Map(reports.skew?.clusters.map((c) => [c.cluster, c]));
  const cost = new Map(reports.cost?.clusters.map((c) => [c.cluster, c]));
  const alerts = new Map<string, FiringAlert[]>();
  for (const group of reports.alerts?.groups ?? [])
    for (const alert of group.alerts) if (alert.cluster !== null) alerts.set(alert.cluster, [...(alerts.get(alert.cluster) ?? []), alert]);
  return (cluster) => {
    const context: TileContext = {};
    const s = skew.get(cluster);
    const c = cost.get(cluster);
    if (s) context.skew = s;
    if (c) context.cost = c;
    if (reports.alerts) context.alerts = alerts.get(cluster) ?? [];
    return context;
  };
}
