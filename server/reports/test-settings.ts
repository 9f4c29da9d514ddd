import { defaultReportsConfig, priceProfile } from '../config/schema/reports';
import type { ReportSettings } from './settings';

/** Report settings for unit tests: the config defaults, OpenCost's default prices and a given release table. */
export function testSettings(overrides: { reports?: Parameters<typeof defaultReportsConfig>[0]; prices?: ReportSettings['tables']['prices']; releases?: ReportSettings['tables']['releases'] } = {}): ReportSettings {
  return {
    reports: defaultReportsConfig(overrides.reports),
    tables: { prices: { default: priceProfile.parse({}), ...overrides.prices }, releases: overrides.releases ?? {} },
  };
}
