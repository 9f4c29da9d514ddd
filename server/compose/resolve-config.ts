import { resolveAlertSecrets, type AlertSecrets } from '../alerts/secrets';
import { resolveAuth, type ResolvedAuth } from '../auth/resolve-auth';
import { loadWebConfig } from '../auth/web-config/load';
import { formatWebConfigProblem } from '../auth/web-config/types';
import type { LoadedWebConfig } from '../auth/web-config/watcher';
import { loadReportTables, type ReportTables } from '../config/report-tables';
import type { FleetscopeConfig } from '../config/schema/root';
import { PROJECT_ROOT } from '../project-root';
import { remoteWriteProblems } from '../remote-write/resolve';
import { HEALTH_RULES } from '../reports/health-rules';
import { HYGIENE_RULE_IDS } from '../reports/hygiene';
import { resolveStore, type StoreChoice } from '../store/resolve-store';
import { resolveClusters, type ResolvedClusters } from '../sources/kube/resolve-clusters';

/**
 * A validated config with everything it points at read: kubeconfig files
 * (bulk entries expanded into clusters), the price and release tables, the
 * alert secrets, the bearer tokens, the web configuration file, the
 * store's URL file and the remote-write secret files (checked readable). Made once
 * per start, by resolveConfig.
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
  /** The Prometheus web configuration file (server.webConfigFile) and what it names, read; null without one. */
  readonly webConfig: LoadedWebConfig | null;
  /** The store to open: the SQLite file, or PostgreSQL with its URL read (store.postgres.urlFile). */
  readonly store: StoreChoice;
}

export type ResolveResult = { ok: true; resolved: ResolvedConfig } | { ok: false; problems: string[] };

/** Reads what the config points at; every problem is listed, each with its config path and file, never a secret. Nothing is contacted. */
export function resolveConfig(config: Readonly<FleetscopeConfig>, env: NodeJS.ProcessEnv = process.env): ResolveResult {
  const clusters = resolveClusters(config, env);
  const tables = loadReportTables(config.reports, {
    projectRoot: PROJECT_ROOT,
    healthRuleIds: HEALTH_RULES.map((r) => r.id),
    hygieneRuleIds: HYGIENE_RULE_IDS,
  });
  const { problems: secretProblems, ...alertSecrets } = resolveAlertSecrets(config.alerts);
  const auth = resolveAuth(config.auth);
  const webConfig = config.server.webConfigFile === undefined ? null : loadWebConfig(config.server.webConfigFile);
  const webConfigProblems = webConfig && !webConfig.ok ? webConfig.problems.map(formatWebConfigProblem) : [];
  const store = resolveStore(config.store);
  const problems = [
    ...clusters.problems,
    ...(tables.ok ? [] : tables.problems),
    ...secretProblems,
    ...(auth.ok ? [] : auth.problems),
    ...webConfigProblems,
    ...store.problems,
    ...remoteWriteProblems(config.remoteWrite),
  ];
  if (problems.length || !tables.ok || !auth.ok || (webConfig && !webConfig.ok) || !store.choice) return { ok: false, problems };
  return {
    ok: true,
    resolved: {
      config,
      clusters: clusters.clusters,
      kube: clusters.kube,
      tables: tables.tables,
      alertSecrets,
      auth: auth.auth,
      webConfig,
      store: store.choice,
    },
  };
}

/** A config that did not resolve, with every problem (the command prints them and exits 2). */
export class ConfigProblems extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the config has ${problems.length} problem(s): ${problems.join('; ')}`);
    this.name = 'ConfigProblems';
  }
}
