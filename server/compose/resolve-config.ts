import { resolveAlertSecrets, type AlertSecrets } from '../alerts/secrets';
import { resolveAuth, type ResolvedAuth } from '../auth/resolve-auth';
import { loadReportTables, type ReportTables } from '../config/report-tables';
import type { FleetscopeConfig } from '../config/schema/root';
import { PROJECT_ROOT } from '../project-root';
import { HEALTH_RULES } from '../reports/health-rules';
import { resolveClusters, type ResolvedClusters } from '../sources/kube/resolve-clusters';

/**
 * A validated config with everything it points at read: kubeconfig files
 * (bulk entries expanded into clusters), the price and release tables, the
 * alert secrets, and the bearer tokens. Made once per start, by resolveConfig.
 */
export interface ResolvedConfig {
  readonly config: Readonly<FleetscopeConfig>;
  readonly clusters: ResolvedClusters['clusters'];
  /** Client-node config per cluster name, for clusters with a Kubernetes source. */
  readonly kube: ResolvedClusters['kube'];
  readonly tables: ReportTables;
  readonly alertSecrets: Omit<AlertSecrets, 'problems'>;
  /** The tokens as read at start (the tokens file is re-read when it changes) and the trusted proxies' addresses. */
  readonly auth: ResolvedAuth;
}

export type ResolveResult = { ok: true; resolved: ResolvedConfig } | { ok: false; problems: string[] };

/** Reads what the config points at; every problem is listed, each with its config path and file, never a secret. Nothing is contacted. */
export function resolveConfig(config: Readonly<FleetscopeConfig>, env: NodeJS.ProcessEnv = process.env): ResolveResult {
  const clusters = resolveClusters(config, env);
  const tables = loadReportTables(config.reports, { projectRoot: PROJECT_ROOT, healthRuleIds: HEALTH_RULES.map((r) => r.id) });
  const { problems: secretProblems, ...alertSecrets } = resolveAlertSecrets(config.alerts);
  const auth = resolveAuth(config.auth);
  const problems = [...clusters.problems, ...(tables.ok ? [] : tables.problems), ...secretProblems, ...(auth.ok ? [] : auth.problems)];
  if (problems.length || !tables.ok || !auth.ok) return { ok: false, problems };
  return { ok: true, resolved: { config, clusters: clusters.clusters, kube: clusters.kube, tables: tables.tables, alertSecrets, auth: auth.auth } };
}

/** A config that did not resolve, with every problem (the command prints them and exits 2). */
export class ConfigProblems extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the config has ${problems.length} problem(s): ${problems.join('; ')}`);
    this.name = 'ConfigProblems';
  }
}
