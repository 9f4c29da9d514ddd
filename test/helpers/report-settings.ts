import { loadReportTables } from '../../server/config/report-tables';
import { defaultReportsConfig, priceProfile, type ReportsConfig } from '../../server/config/schema/reports';
import { PROJECT_ROOT } from '../../server/project-root';
import { HEALTH_RULES } from '../../server/reports/health-rules';
import { HYGIENE_RULE_IDS } from '../../server/reports/hygiene';
import type { ReportSettings } from '../../server/reports/settings';

/** Report settings for unit tests: the config defaults, OpenCost's default prices and a given release table. */
export function testSettings(
  overrides: {
    reports?: Parameters<typeof defaultReportsConfig>[0];
    prices?: ReportSettings['tables']['prices'];
    releases?: ReportSettings['tables']['releases'];
  } = {},
): ReportSettings {
  return {
    reports: defaultReportsConfig(overrides.reports),
    tables: { prices: { default: priceProfile.parse({}), ...overrides.prices }, releases: overrides.releases ?? {} },
  };
}

/** The tables shipped under config/ as the server loads them. */
export function shippedTables(reports: ReportsConfig): ReturnType<typeof loadReportTables> {
  return loadReportTables(reports, { projectRoot: PROJECT_ROOT, healthRuleIds: HEALTH_RULES.map((r) => r.id), hygieneRuleIds: HYGIENE_RULE_IDS });
}
