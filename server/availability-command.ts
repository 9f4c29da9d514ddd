import { existsSync } from 'node:fs';
import { selectsCluster } from '../shared/cluster-selector';
import type { LabelSelector } from '../shared/label-selector';
import type { ReportFormat } from '../shared/reports/common';
import type { FleetscopeConfig } from './config/schema/root';
import { createLogger } from './log';
import { readAvailabilityDays } from './reports/availability';
import { renderReport } from './reports/render';
import { resolveClusters } from './sources/kube/resolve-clusters';
import { STORE_REMEDIES, StoreUnavailableError } from './store/faults';
import { openStore } from './store/open-store';
import { resolveStore } from './store/resolve-store';

/** Exit code when the store cannot be used (as `serve`'s). */
const EXIT_STORE = 4;

export interface AvailabilityCommandOptions {
  format: ReportFormat;
  selector: LabelSelector;
  /** `--days N`: one window of N days instead of 1, 7 and 30. */
  days: string | undefined;
  /** The config whose store (store.path or store.postgres) holds the history; absent: the demo, which keeps none. */
  config: Readonly<FleetscopeConfig> | undefined;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/**
 * `fleetscope report availability`: the availability report from the status
 * transitions that `fleetscope serve` keeps in the configured store (the
 * SQLite file or PostgreSQL), read only: it collects nothing and writes no
 * history. Exit 0 on a report, 2 on bad usage or config, 4 when the store
 * cannot be used.
 */
export async function runAvailabilityCommand(options: AvailabilityCommandOptions): Promise<number> {
  const { config, err } = options;
  const days = readAvailabilityDays(options.days);
  if (!days.ok) {
    err.write(`--days: ${days.message}\n`);
    return 2;
  }
  if (!config) {
    err.write(
      'report availability reads the status history `fleetscope serve` keeps in its store, and the demo keeps none: give --config (or --kubeconfig) of the fleet that is served, or ask the running server: GET /api/reports/availability\n',
    );
    return 2;
  }
  const clusters = resolveClusters(config);
  const store = resolveStore(config.store);
  const problems = [...clusters.problems, ...store.problems];
  if (problems.length || !store.choice) {
    err.write(`fleetscope report: the config cannot be used:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return 2;
  }
  const choice = store.choice;
  // Opening a file that is not there would create an empty store: say instead that there is no history yet.
  if (choice.kind === 'sqlite' && choice.path !== ':memory:' && !existsSync(choice.path)) {
    err.write(
      `fleetscope report: no store at ${choice.path} (store.path): \`fleetscope serve\` keeps the status history there, and has not run with this config yet\n`,
    );
    return EXIT_STORE;
  }
  const now = Date.now();
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr });
  const opened = await openStore({ choice, logger, now: Date.now });
  if (!opened.ok) {
    err.write(
      `fleetscope report cannot use the store ${opened.where}: ${opened.fault.message}.\nWhat to do: ${STORE_REMEDIES[opened.fault.problem](opened.where)}.\n`,
    );
    return EXIT_STORE;
  }
  const where = choice.kind === 'sqlite' ? choice.path : 'store.postgres';
  try {
    // Everything kept (the retention bounds it): the transition in force at a window's start may be older than the window.
    const transitions = await opened.store.transitionsSince(0);
    const names = clusters.clusters.filter((c) => selectsCluster(options.selector, { name: c.name, labels: c.labels })).map((c) => c.name);
    const report = renderReport({
      kind: 'availability',
      format: options.format,
      now,
      availability: { clusters: names, transitions, retentionMs: config.store.historyRetention, windowsMs: days.windowsMs },
    });
    options.out.write(report.body);
    return 0;
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    err.write(`fleetscope report: the store ${where} stopped working: ${error.message}\n`);
    return EXIT_STORE;
  } finally {
    await opened.store.close();
  }
}
