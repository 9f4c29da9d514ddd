import type { ReportName, StreamReports } from '../../shared/protocol';
import type { Logger } from '../log';
import type { StreamPublisher } from './hub';

/** How often the stream recomputes cost, skew and hygiene (they follow scrapes of 15 s or more; a report for 100 clusters takes milliseconds). */
export const STREAM_REPORT_INTERVAL_MS = 10_000;

/** How often the stream looks at the alerts held: a firing alert is on the wall within about a second of firing. */
export const STREAM_ALERTS_INTERVAL_MS = 1_000;

const REPORT_NAMES = ['cost', 'skew', 'hygiene', 'alerts', 'changes'] as const satisfies readonly ReportName[];

export interface ReportFeedOptions {
  publisher: Pick<StreamPublisher, 'publishReports'>;
  /** Computes the reports this feed carries from the current fleet snapshot (pure reports, called here at the edge). */
  compute: () => Partial<StreamReports>;
  intervalMs: number;
  logger: Logger;
}

export interface ReportFeed {
  /** Recomputes now and publishes what changed. */
  refresh(): void;
  stop(): void;
}

/**
 * A report's content without its timestamp (a field of the report itself):
 * what decides whether clients need it again. No replacer function, so
 * JSON.stringify keeps its fast path.
 */
function content(report: { generatedAt: number }): string {
  const { generatedAt: _, ...rest } = report;
  return JSON.stringify(rest);
}

/**
 * Recomputes the fleet-wide reports on a timer and publishes only those whose
 * content changed, so a quiet fleet costs the clients nothing.
 */
export function createReportFeed(options: ReportFeedOptions): ReportFeed {
  const last = new Map<ReportName, string>();
  const refresh = () => {
    let reports: Partial<StreamReports>;
    try {
      reports = options.compute();
    } catch (error) {
      // A report bug must not take the stream down; the clients keep the last good report.
      options.logger.error({ err: error }, 'computing reports for the stream failed');
      return;
    }
    const changed: Partial<StreamReports> = {};
    let any = false;
    for (const name of REPORT_NAMES) {
      const report = reports[name];
      if (!report) continue;
      const text = content(report);
      if (last.get(name) === text) continue;
      last.set(name, text);
      Object.assign(changed, { [name]: report });
      any = true;
    }
    if (any) options.publisher.publishReports(changed);
  };
  const timer = setInterval(refresh, options.intervalMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
