import type { ReportTables } from '../config/report-tables';
import type { ReportsConfig } from '../config/schema/reports';

/** Everything a report needs besides the inventories and the clock: the config's thresholds and the loaded tables. */
export interface ReportSettings {
  reports: ReportsConfig;
  tables: ReportTables;
  /**
   * Each fleet cluster's Kubernetes API server, by its URL as apiServerKey
   * writes it (from the clusters' kubeconfig contexts): what names an Argo CD
   * destination as a fleet cluster. Absent: destinations stay URLs.
   */
  apiServers?: ReadonlyMap<string, string>;
}
