import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { selectsCluster } from '../shared/cluster-selector';
import { parseLabelSelector } from '../shared/label-selector';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind } from '../shared/reports/common';
import type { FleetscopeConfig } from './config/schema/root';
import { createLogger } from './log';
import { startFleetscope } from './main';
import { renderReport } from './reports/render';

const isKind = (value: string): value is ReportKind => REPORT_KINDS.some((k) => k === value);
const isFormat = (value: string): value is ReportFormat => REPORT_FORMATS.some((f) => f === value);

export interface ReportCommandOptions {
  kind: string | undefined;
  format: string | undefined;
  selector: string | undefined;
  /** "warning" or "critical": exit 3 when the report shows a problem at least this severe. */
  failOn: string | undefined;
  /** Absent: the demo fleet, as `npm start`. */
  config: Readonly<FleetscopeConfig> | undefined;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/**
 * `fleetscope report KIND --format F`: one round of collection from every
 * source, then the report on stdout. Nothing keeps polling, no alert is
 * evaluated, the HTTP listener is loopback on a free port and the alert
 * store is a throw-away file. Exit 0 on a report, 2 on bad usage, 3 when
 * --fail-on is given and the report shows a problem that severe (for CI).
 */
export async function runReportCommand(options: ReportCommandOptions): Promise<number> {
  const { kind, out, err } = options;
  const format = options.format ?? 'json';
  if (!kind || !isKind(kind)) {
    err.write(`report needs one of ${REPORT_KINDS.join(', ')} (got ${kind ? `"${kind}"` : 'nothing'})\n`);
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
  const selector = parseLabelSelector(options.selector ?? '');
  if (!selector.ok) {
    err.write(`--selector: ${selector.message}\n`);
    return 2;
  }
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
    });
    try {
      await app.firstRound;
      const now = Date.now();
      const inventories = app.reports.inventories(now).filter((c) => selectsCluster(selector.selector, { name: c.cluster, labels: c.labels }));
      const report = renderReport({ kind, format, inventories, now, settings: app.reports.settings });
      out.write(report.body);
      if (failOn && (report.worst === 'critical' || (report.worst === 'warning' && failOn === 'warning'))) {
        err.write(`fleetscope report: ${kind} shows ${report.worst} problems (--fail-on ${failOn})\n`);
        code = 3;
      }
    } finally {
      await app.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return code;
}
