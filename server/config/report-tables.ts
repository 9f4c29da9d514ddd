import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatPath } from './load';
import { priceProfile, kubernetesRelease, type PriceProfile, type ReportsConfig } from './schema/reports';

/** One row of the Kubernetes release table (config/kubernetes-releases.yaml). */
export interface KubernetesRelease {
  /** ISO date of the x.y.0 release, when known. */
  released?: string;
  /** ISO date of the end of patch support (end of life). */
  endOfLife: string;
}

/** Tables the reports read, loaded from config/ and merged with the config file's own. */
export interface ReportTables {
  /** Profile name → prices. Always holds "default". */
  prices: Readonly<Record<string, PriceProfile>>;
  /** Minor ("1.29") → release dates. */
  releases: Readonly<Record<string, KubernetesRelease>>;
}

const releaseTable = z.record(z.string().regex(/^\d+\.\d+$/, 'must be a minor version like "1.29" (quote it)'), kubernetesRelease);

export type TablesResult = { ok: true; tables: ReportTables } | { ok: false; problems: string[] };

/**
 * Where a configured table lives: relative paths are read from the working
 * directory; when the default path is not there, the copy shipped with
 * fleetscope (under `projectRoot`) is used, so `fleetscope report` works from any folder.
 */
function locate(configured: string, fallbackRoot: string): string | null {
  const local = path.resolve(configured);
  if (existsSync(local)) return local;
  if (path.isAbsolute(configured)) return null;
  const shipped = path.join(fallbackRoot, configured);
  return existsSync(shipped) ? shipped : null;
}

function readYaml(file: string, problems: string[]): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'), { uniqueKeys: true });
  } catch (error) {
    problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** Where the shipped tables are, and what the config may name. */
export interface TableSources {
  /** The fleetscope install folder, holding the shipped config/prices and config/kubernetes-releases.yaml. */
  projectRoot: string;
  /** The health rules reports.health.rules may name (the report's own rule table). */
  healthRuleIds: readonly string[];
  /** The hygiene rules reports.hygiene.rules may name. */
  hygieneRuleIds: readonly string[];
}

/**
 * Reads the price profiles (pricesDir/*.yaml) and the Kubernetes release
 * table, then lays the config file's own entries over them, and checks what
 * the report config names against them. Every problem is listed with its
 * file and path; nothing is half-loaded.
 */
export function loadReportTables(config: ReportsConfig, sources: TableSources): TablesResult {
  const { projectRoot } = sources;
  const problems: string[] = [];
  const prices: Record<string, z.output<typeof priceProfile>> = { default: priceProfile.parse({}) };
  const dir = locate(config.cost.pricesDir, projectRoot);
  if (dir) {
    for (const file of readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()) {
      const full = path.join(dir, file);
      const parsed = priceProfile.safeParse(readYaml(full, problems) ?? {});
      if (parsed.success) prices[file.replace(/\.ya?ml$/, '')] = parsed.data;
      else problems.push(...parsed.error.issues.map((i) => `${full}: ${formatPath(i.path)}: ${i.message}`));
    }
  } else if (config.cost.pricesDir !== 'config/prices') problems.push(`reports.cost.pricesDir: folder ${config.cost.pricesDir} not found`);
  Object.assign(prices, config.cost.profiles);

  const releases: ReportTables['releases'] = {};
  const releasesFile = locate(config.skew.releasesFile, projectRoot);
  if (releasesFile) {
    const parsed = releaseTable.safeParse(readYaml(releasesFile, problems) ?? {});
    if (parsed.success) Object.assign(releases, parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `${releasesFile}: ${formatPath(i.path)}: ${i.message}`));
  } else problems.push(`reports.skew.releasesFile: ${config.skew.releasesFile} not found`);
  Object.assign(releases, config.skew.releases);

  for (const [cluster, profile] of Object.entries(config.cost.clusters)) {
    if (!prices[profile]) problems.push(`reports.cost.clusters.${cluster}: no price profile "${profile}" (have ${Object.keys(prices).sort().join(', ')})`);
  }
  for (const id of Object.keys(config.health.rules)) {
    if (!sources.healthRuleIds.includes(id)) problems.push(`reports.health.rules.${id}: no such rule (rules are ${sources.healthRuleIds.join(', ')})`);
  }
  for (const id of Object.keys(config.hygiene.rules)) {
    if (!sources.hygieneRuleIds.includes(id)) problems.push(`reports.hygiene.rules.${id}: no such rule (rules are ${sources.hygieneRuleIds.join(', ')})`);
  }
  if (!prices[config.cost.profile])
    problems.push(`reports.cost.profile: no price profile "${config.cost.profile}" (have ${Object.keys(prices).sort().join(', ')})`);
  return problems.length ? { ok: false, problems } : { ok: true, tables: { prices, releases } };
}
