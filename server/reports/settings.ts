import type { PriceProfile, ReportsConfig } from '../config/schema/reports';

/** One row of the Kubernetes release table (config/kubernetes-releases.yaml). */
export interface KubernetesRelease {
  /** ISO date of the x.y.0 release, when known. */
  released?: string;
  /** ISO date of the end of patch support (end of life). */
  endOfLife: string;
}

/** Tables the reports read, loaded from config/ at the edge (see load-tables.ts) and merged with the config file's own. */
export interface ReportTables {
  /** Profile name → prices. Always holds "default". */
  prices: Readonly<Record<string, PriceProfile>>;
  /** Minor ("1.29") → release dates. */
  releases: Readonly<Record<string, KubernetesRelease>>;
}

/** Everything a report needs besides the snapshot and the clock. */
export interface ReportSettings {
  reports: ReportsConfig;
  tables: ReportTables;
}
