import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { selectsCluster } from '../shared/cluster-selector';
import { DURATION_PATTERN, parseDuration } from './config/duration';
import { closest } from './did-you-mean';
import { parseLabelSelector } from '../shared/label-selector';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind } from '../shared/reports/common';
import type { FleetscopeConfig } from './config/schema/root';
import { createLogger } from './log';
import { startFleetscope } from './main';
import type { ClusterInventory } from './inventory/types';
import { renderReport } from './reports/render';
import { runAvailabilityCommand } from './availability-command';

const isKind = (value: string): value is ReportKind => REPORT_KINDS.some((k) => k === value);
const isFormat = (value: string): value is ReportFormat => REPORT_FORMATS.some((f) => f === value);

export interface ReportCommandOptions {
  kind: string | undefined;
  format: string | undefined;
  selector: string | undefined;
  /** "warning" or "critical": exit 3 when the report shows a problem at least this severe. */
  failOn: string | undefined;
  /** Exit 0 (or 3) even when a cluster could not be read; else such a run exits 5. */
  allowPartial?: boolean;
  /** The cost report's second scrape, this long after the first, to rate CPU counters ("30s" by default; "0" for none). */
  rateWindow?: string | undefined;
  /** The availability report's `--days N`: one window of N days instead of 1, 7 and 30. */
  days?: string | undefined;
  /** How long the first round may take before progress is written to `err`, and how often then; default 2000 ms. */
  progressEveryMs?: number;
  /** Absent: the demo fleet, as `npm start`. */
  config: Readonly<FleetscopeConfig> | undefined;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/**
 * The cost report's rate window: CPU usage is the rate of cAdvisor's counter,
 * which one scrape cannot give. 30 s spans the usual cAdvisor scrape
 * interval of a cluster's Prometheus (kube-prometheus: 30 s), so the second
 * scrape sees counters that moved.
 */
export const DEFAULT_RATE_WINDOW = '30s';

/**
 * The second scrape's delay in ms (0: none), or what is wrong with the flag:
 * the cost report rates CPU counters (default DEFAULT_RATE_WINDOW); the
 * hygiene report rates its counters (failed backups, etcd leader changes
 * and fsyncs, Istio push errors) only when the flag is given.
 */
function readRateWindow(kind: ReportKind, text: string | undefined): number | string {
  if (text === '0') return 0;
  const value = text ?? DEFAULT_RATE_WINDOW;
  if (!DURATION_PATTERN.test(value)) return `must be a duration such as 30s or 1m, or 0 (got "${value}")`;
  if (kind === 'cost') return parseDuration(value);
  return kind === 'hygiene' && text !== undefined ? parseDuration(value) : 0;
}

/** Exit code of a report with a cluster that could not be read (without --allow-partial). */
export const EXIT_PARTIAL = 5;

/** Why each cluster that could not be read was not: one line per failed source, `prod-eu: prometheus: <error>`. */
function unreadSources(inventories: readonly ClusterInventory[]): string[] {
  return inventories.flatMap((c) =>
    (['prometheus', 'kubernetes'] as const).flatMap((source) => {
      const state = c[source];
      if (!state || c.fresh[source]) return [];
      return [`${c.cluster}: ${source}: ${state.error?.message ?? 'no answer yet'}`];
    }),
  );
}

/** Writes which clusters are still being read, after `everyMs` and every `everyMs` until `done` settles. */
async function reportProgress(options: {
  done: Promise<void>;
  waiting: () => string[];
  total: number;
  everyMs: number;
  err: NodeJS.WritableStream;
}): Promise<void> {
  const started = Date.now();
  const timer = setInterval(() => {
    const waiting = options.waiting();
    if (!waiting.length) return;
    const seconds = Math.round((Date.now() - started) / 1000);
    const shown = waiting.slice(0, 5).join(', ') + (waiting.length > 5 ? `, and ${waiting.length - 5} more` : '');
    options.err.write(`fleetscope report: ${options.total - waiting.length} of ${options.total} clusters read after ${seconds} s; waiting for ${shown}\n`);
  }, options.everyMs);
  try {
    await options.done;
  } finally {
    clearInterval(timer);
  }
}

/**
 * `fleetscope report availability` reads the configured store instead
 * (server/availability-command.ts). The others,
 * `fleetscope report KIND --format F`: one round of collection from every
 * source, then the report on stdout. Nothing keeps polling, no alert is
 * evaluated, the HTTP listener is loopback on a free port and the alert
 * store is a throw-away file. Progress goes to stderr while the round takes
 * long. Exit 0 on a report, 2 on bad usage, 3 when --fail-on is given and
 * the report shows a problem that severe (for CI), 5 when a cluster could
 * not be read (the report, printed all the same, is partial) unless
 * --allow-partial.
 */
export async function runReportCommand(options: ReportCommandOptions): Promise<number> {
  const { kind, out, err } = options;
  const format = options.format ?? 'json';
  if (!kind || !isKind(kind)) {
    const meant = kind ? closest(kind, REPORT_KINDS) : null;
    err.write(`report needs one of ${REPORT_KINDS.join(', ')} (got ${kind ? `"${kind}"` : 'nothing'})${meant ? `; did you mean "${meant}"?` : ''}\n`);
    return 2;
  }
  if (!isFormat(format)) {
    err.write(`--format: must be one of ${REPORT_FORMATS.join(', ')} (got "${format}")\n`);
    return 2;
  }
  const failOn = options.failOn;
  if (failOn !== undefined && failOn !== 'warning' && failOn !== 'critical') {
    err.write(`--fail-on: must be warning or critical (got "${failOn}")\n`);
    return 2;
  }
  const rateWindowMs = readRateWindow(kind, options.rateWindow);
  if (typeof rateWindowMs === 'string') {
    err.write(`--rate-window: ${rateWindowMs}\n`);
    return 2;
  }
  const selector = parseLabelSelector(options.selector ?? '');
  if (!selector.ok) {
    err.write(`--selector: ${selector.message}\n`);
    return 2;
  }
  // Availability is read from the store's history, not collected: nothing to start.
  if (kind === 'availability') return runAvailabilityCommand({ format, selector: selector.selector, days: options.days, config: options.config, out, err });
  let code = 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fleetscope-report-'));
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr });
  try {
    const app = await startFleetscope({
      config: options.config,
      logger,
      host: '127.0.0.1',
      port: 0,
      storePath: path.join(dir, 'store.sqlite'),
      oneRound: true,
      // The first round's scrape is the earlier one the second is rated against.
      ...(rateWindowMs > 0 && { counterMinAgeMs: rateWindowMs }),
    });
    try {
      const total = app.firstRoundWaiting().length;
      await reportProgress({ done: app.firstRound, waiting: () => app.firstRoundWaiting(), total, everyMs: options.progressEveryMs ?? 2000, err });
      if (rateWindowMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, rateWindowMs));
        await app.nextRound();
      }
      const now = Date.now();
      const inventories = app.reports.inventories(now).filter((c) => selectsCluster(selector.selector, { name: c.cluster, labels: c.labels }));
      const selected = new Set(inventories.map((c) => c.cluster));
      const report = renderReport({ ...app.reports.report(kind, now, (name) => selected.has(name)), format, now });
      out.write(report.body);
      if (failOn && (report.worst === 'critical' || (report.worst === 'warning' && failOn === 'warning'))) {
        err.write(`fleetscope report: ${kind} shows ${report.worst} problems (--fail-on ${failOn})\n`);
        code = 3;
      }
      const unread = unreadSources(inventories);
      if (unread.length) {
        const clusters = new Set(unread.map((line) => line.slice(0, line.indexOf(':'))));
        err.write(
          `fleetscope report: ${clusters.size} of ${inventories.length} clusters could not be read${options.allowPartial ? ' (--allow-partial)' : ''}; the report is partial:\n${unread.map((l) => `  ${l}\n`).join('')}`,
        );
        if (!options.allowPartial) code = EXIT_PARTIAL;
      }
    } finally {
      await app.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return code;
}
