import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { StreamReports } from '../../shared/protocol';
import type { FleetCost } from '../../shared/reports/cost';
import type { FleetSkew } from '../../shared/reports/skew';
import { createLogger } from '../log';
import { createReportFeed } from './report-feed';

const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const cost = (generatedAt: number, clusters: number): FleetCost => ({
  generatedAt,
  clusters: [],
  fleet: [{ currency: 'USD', clusters, incomplete: [], assets: split(), allocated: split(), idle: split(), daily: 0, monthly: 0, efficiency: null }],
});
const split = () => ({ cpu: 0, memory: 0, gpu: 0, storage: 0, total: 0 });
const skew = (generatedAt: number): FleetSkew => ({ generatedAt, clusters: [], fleet: { minors: [], newestMinor: null, behind: [], imageDrift: [] } });

describe('createReportFeed', () => {
  it('publishes a report only when its content changed, not its timestamp', () => {
    const published: Partial<StreamReports>[] = [];
    let reports: Partial<StreamReports> = { cost: cost(1, 2), skew: skew(1) };
    const feed = createReportFeed({ publisher: { publishReports: (r) => published.push(r) }, compute: () => reports, intervalMs: 60_000, logger });
    feed.refresh();
    reports = { cost: cost(2, 2), skew: skew(2) };
    feed.refresh();
    reports = { cost: cost(3, 3), skew: skew(3) };
    feed.refresh();
    feed.stop();
    expect(published.map((p) => Object.keys(p))).toEqual([['cost', 'skew'], ['cost']]);
    expect(published[1]?.cost?.fleet[0]?.clusters).toBe(3);
  });

  it('carries only the reports it computes: a feed of the firing alerts leaves cost and skew alone', () => {
    const published: Partial<StreamReports>[] = [];
    let firing = 0;
    const alerts = () => ({
      generatedAt: firing,
      groups: firing
        ? [
            {
              receiver: '',
              labels: { cluster: 'a' },
              alerts: [{ fingerprint: 'f', alertname: 'A', cluster: 'a', severity: 'warning', summary: '', startsAt: 1 }],
            },
          ]
        : [],
    });
    const feed = createReportFeed({
      publisher: { publishReports: (r) => published.push(r) },
      compute: () => ({ alerts: alerts() }),
      intervalMs: 60_000,
      logger,
    });
    feed.refresh();
    feed.refresh();
    firing = 5;
    feed.refresh();
    feed.stop();
    expect(published.map((p) => Object.keys(p))).toEqual([['alerts'], ['alerts']]);
    expect(published[1]?.alerts?.groups[0]?.alerts[0]?.alertname).toBe('A');
  });

  it('keeps going when a report throws', () => {
    const published: Partial<StreamReports>[] = [];
    const feed = createReportFeed({
      publisher: { publishReports: (r) => published.push(r) },
      compute: () => {
        throw new Error('bug');
      },
      intervalMs: 60_000,
      logger,
    });
    expect(() => feed.refresh()).not.toThrow();
    feed.stop();
    expect(published).toEqual([]);
  });
});
