import { Router } from 'express';
import { REPORT_FORMATS, REPORT_KINDS, type InventoryReportKind, type ReportFormat, type ReportKind } from '../../shared/reports/common';
import { selectsCluster } from '../../shared/cluster-selector';
import { parseLabelSelector } from '../../shared/label-selector';
import { readAvailabilityDays } from '../reports/availability';
import { renderReport, type FleetReport, type RenderedReport } from '../reports/render';
import type { StatusTransition } from '../store/types';
import { onlyMethods } from './errors';

export interface ReportsRouteOptions {
  /** Every cluster of the fleet, in its order: what `cluster=` and `selector=` pick from. */
  clusters: () => ReadonlyArray<{ name: string; labels: Readonly<Record<string, string>> }>;
  /** A fleet report of the clusters `only` keeps, built at `now` (ReportService.report). */
  report: (kind: InventoryReportKind, now: number, only: (cluster: string) => boolean) => FleetReport;
  now: () => number;
  /** The status history the availability report reads. */
  availability: {
    /** A cluster's transitions at or after `from`, oldest first, with the one in force at `from` first (StatusHistory.transitions). */
    transitions: (cluster: string, from: number) => readonly StatusTransition[];
    /** How long the store keeps transitions (store.historyRetention). */
    retentionMs: number;
  };
}

const isKind = (value: string): value is ReportKind => REPORT_KINDS.some((k) => k === value);
const isFormat = (value: string): value is ReportFormat => REPORT_FORMATS.some((f) => f === value);

/** A query value as a list: `?cluster=a,b` or `?cluster=a&cluster=b`. */
function values(query: unknown): string[] {
  const list = Array.isArray(query) ? query : [query];
  return list
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * GET /api/reports/{health,cost,skew,availability}?format=json|csv|md&selector=env=prod&cluster=a,b&download=1
 * (download=1 adds Content-Disposition: attachment with a dated file name)
 * (docs/api.md, docs/reports.md). The report is built from the snapshot of
 * the moment, availability from the status history (`days=N`: one window
 * of N days instead of 1, 7 and 30); `selector` is a Kubernetes label selector over the cluster
 * labels, `name` being the cluster's name (shared/cluster-selector.ts).
 */
export function createReportsRouter(options: ReportsRouteOptions): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ reports: REPORT_KINDS.map((kind) => ({ kind, formats: REPORT_FORMATS.map((format) => `/api/reports/${kind}?format=${format}`) })) });
  });
  router.get('/:kind', (req, res) => {
    const kind = req.params.kind;
    if (!isKind(kind)) {
      res.status(404).json({ error: `no report "${kind}"; reports are ${REPORT_KINDS.join(', ')}` });
      return;
    }
    const format = typeof req.query.format === 'string' ? req.query.format : 'json';
    if (!isFormat(format)) {
      res.status(400).json({ error: `format: must be one of ${REPORT_FORMATS.join(', ')} (got "${format}")` });
      return;
    }
    // Several `selector` parameters are one selector (AND); each is read whole, commas inside parentheses included.
    const selectorParams = Array.isArray(req.query.selector) ? req.query.selector : [req.query.selector];
    const selector = parseLabelSelector(selectorParams.filter((v): v is string => typeof v === 'string' && v.trim() !== '').join(','));
    if (!selector.ok) {
      res.status(400).json({ error: `selector: ${selector.message}` });
      return;
    }
    const now = options.now();
    const names = values(req.query.cluster);
    const asked = new Set(
      options
        .clusters()
        .filter((c) => (names.length === 0 || names.includes(c.name)) && selectsCluster(selector.selector, c))
        .map((c) => c.name),
    );
    let report: RenderedReport;
    if (kind === 'availability') {
      const days = readAvailabilityDays(req.query.days === undefined ? undefined : values(req.query.days).join(','));
      if (!days.ok) {
        res.status(400).json({ error: `days: ${days.message}` });
        return;
      }
      const from = now - Math.max(...days.windowsMs);
      const clusters = [...asked];
      const transitions = clusters.flatMap((name) => options.availability.transitions(name, from));
      report = renderReport({
        kind,
        format,
        now,
        availability: { clusters, transitions, retentionMs: options.availability.retentionMs, windowsMs: days.windowsMs },
      });
    } else report = renderReport({ ...options.report(kind, now, (name) => asked.has(name)), format, now });
    // attachment() sets a type from the extension, so the exact type goes after it.
    if (req.query.download === '1') res.attachment(report.filename);
    res.setHeader('content-type', report.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(report.body);
  });
  router.all(['/', '/:kind'], onlyMethods('GET'));
  return router;
}
