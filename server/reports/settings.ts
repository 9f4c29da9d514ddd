import type { ReportTables } from '../config/report-tables';
import type { ReportsConfig } from '../config/schema/reports';

/** Everything a report needs besides the inventories and the clock: the config's thresholds and the loaded tables. */
export interface ReportSettings {
  reports: ReportsConfig;
  tables: ReportTables;
}
